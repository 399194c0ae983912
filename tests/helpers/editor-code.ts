/**
 * Stands between a browser page and the notes editor's code (recognised by its content, not by a
 * hashed file name): holds it back like a slow connection, or fails it like a dropped one.
 */
import type { Page } from 'playwright-core';

/** Strings minification keeps in every build of Tiptap's core and ProseMirror's view. */
export const EDITOR_CODE = /ProseMirror|tiptap/i;

export type EditorCodeMode = 'hold' | 'fail' | 'pass';

export interface EditorCodeGate {
	/** How the next request for the editor's code is answered. */
	mode: EditorCodeMode;
	/** Requests for the editor's code the page has made so far. */
	readonly requests: number;
	/** Lets every held request through (and later ones too). */
	release(): void;
}

export async function interceptEditorCode(page: Page, mode: EditorCodeMode): Promise<EditorCodeGate> {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	const gate = {
		mode,
		requests: 0,
		release() {
			gate.mode = 'pass';
			release();
		}
	};
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		const response = await route.fetch();
		const body = await response.text();
		if (!EDITOR_CODE.test(body)) return route.fulfill({ response, body });
		gate.requests += 1;
		if (gate.mode === 'fail') return route.abort('internetdisconnected');
		if (gate.mode === 'hold') await released;
		return route.fulfill({ response, body });
	});
	return gate;
}
