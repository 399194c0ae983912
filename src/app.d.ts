import type { Actor } from '$lib/server/policy';
import type { Services } from '$lib/server/services';

declare global {
	namespace App {
		interface Locals {
			services: Services;
			actor: Actor | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
