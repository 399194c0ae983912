/**
 * The meeting pages as the built board serves them: what a browser preloads before it can show
 * the agenda and "now discussing" holds none of the rich-text editor; the editor (Tiptap and
 * ProseMirror) is one dynamic import away, fetched once the page is in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestBoard, type TestBoard } from '../helpers/board';
import { EDITOR_CODE } from '../helpers/editor-code';
import { demoMeetings } from '../helpers/notes';

let board: TestBoard;
let cookie: string;
let meetingId: string;
const sources = new Map<string, Promise<string>>();

beforeAll(async () => {
	board = await startTestBoard();
	cookie = await signIn(board, 'sergeant@demo.test');
	meetingId = demoMeetings(board.databasePath).workgroup;
});
afterAll(async () => {
	await board.stop();
});

function source(url: string): Promise<string> {
	if (!sources.has(url)) {
		sources.set(
			url,
			fetch(url).then(async (response) => {
				if (!response.ok) throw new Error(`${url} answered ${response.status}`);
				return response.text();
			})
		);
	}
	return sources.get(url)!;
}

/**
 * The scripts the page tells the browser to fetch before it starts: SvelteKit lists them as
 * modulepreload links, in the `Link` header of a rendered page or in its HTML.
 */
function preloadedScripts(linkHeader: string, html: string, pageUrl: string): string[] {
	const inHeader = [...linkHeader.matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)].map((m) => m[1]);
	const inHtml = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)].map(
		(m) => /href="([^"]+)"/.exec(m[0])![1]
	);
	return [...new Set([...inHeader, ...inHtml].map((href) => new URL(href, pageUrl).href))];
}

/** The chunks a script fetches only when it runs `import("./x.js")`. */
function dynamicImports(code: string, scriptUrl: string): string[] {
	return [...code.matchAll(/\bimport\("(\.{1,2}\/[^"]+\.js)"\)/g)].map((m) => new URL(m[1], scriptUrl).href);
}

describe('the meeting pages fetch the notes editor on demand', () => {
	it.each(['live', 'notes'])(
		'the %s page preloads no editor code and reaches the editor only through a dynamic import',
		async (page) => {
			const pageUrl = `${board.origin}/meetings/${meetingId}/${page}`;
			const response = await fetch(pageUrl, { headers: { cookie }, redirect: 'manual' });
			expect(response.status).toBe(200);
			const preloaded = preloadedScripts(response.headers.get('link') ?? '', await response.text(), pageUrl);
			// The route's own node is among them, so an empty list cannot pass by accident.
			expect(preloaded.some((url) => url.includes('/_app/immutable/nodes/'))).toBe(true);

			const withEditorCode: string[] = [];
			const later = new Set<string>();
			for (const url of preloaded) {
				const code = await source(url);
				if (EDITOR_CODE.test(code)) withEditorCode.push(url);
				for (const chunk of dynamicImports(code, url)) if (!preloaded.includes(chunk)) later.add(chunk);
			}
			expect(withEditorCode).toEqual([]);

			const editorLater: string[] = [];
			for (const url of later) if (EDITOR_CODE.test(await source(url))) editorLater.push(url);
			expect(editorLater.length).toBeGreaterThan(0);
		}
	);
});
