/// <reference types="vite-plugin-pwa/client" />
import type { Actor } from '$lib/server/policy';
import type { Services } from '$lib/server/services';
import type { SessionPending } from '$lib/server/session-auth';

declare global {
	namespace App {
		interface Locals {
			services: Services;
			actor: Actor | null;
			sessionId: string | null;
			/** A step the session must take before the board shows it anything. */
			sessionPending: SessionPending | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
