import { afterEach, describe, expect, it, vi } from 'vitest';
import { OnDemand } from '../../src/lib/client/on-demand.svelte';
import { waitFor } from '../helpers/wait';

/** A fetch the test settles by hand, counting how often it was started. */
function manualFetch() {
	const calls: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
	const fetch = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }));
	return { fetch, calls };
}

afterEach(() => vi.restoreAllMocks());

describe('a part of the page fetched on demand (the notes editor)', () => {
	it('waits until asked, fetches once however often it is asked, and then holds the module', async () => {
		const { fetch, calls } = manualFetch();
		const editor = new OnDemand(fetch);
		expect(editor.phase).toBe('waiting');
		expect(calls).toHaveLength(0);

		editor.load();
		editor.load();
		expect(editor.phase).toBe('loading');
		expect(calls).toHaveLength(1);

		calls[0].resolve('the editor');
		await waitFor(() => editor.phase === 'ready', { message: 'the module to arrive' });
		expect(editor.value).toBe('the editor');
		editor.load();
		expect(calls).toHaveLength(1);
		expect(editor.attempts).toBe(1);
	});

	it('reports a failed fetch, logs it, and fetches again when the person tries again', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const { fetch, calls } = manualFetch();
		const editor = new OnDemand(fetch);
		editor.load();
		calls[0].reject(new TypeError('Failed to fetch dynamically imported module'));
		await waitFor(() => editor.phase === 'failed', { message: 'the failure to show' });
		expect(editor.value).toBeNull();
		expect(logged).toHaveBeenCalledOnce();

		editor.load();
		expect(editor.phase).toBe('loading');
		expect(editor.attempts).toBe(2);
		calls[1].resolve('the editor');
		await waitFor(() => editor.phase === 'ready', { message: 'the retried module to arrive' });
		expect(editor.value).toBe('the editor');
	});
});
