import { describe, expect, it } from 'vitest';
import { SessionActivity } from '../../server/realtime/yjs/activity';
import type { YjsAccess } from '../../server/realtime/yjs/types';

const EVERY_MS = 5_000;

function tracked() {
	const reported: string[] = [];
	const logged: { event: string; fields: Record<string, string | number> }[] = [];
	const activity = new SessionActivity({
		activityEveryMs: EVERY_MS,
		onActivity: (access) => reported.push(access.sessionId),
		log: (event, fields) => logged.push({ event, fields })
	});
	return { activity, reported, logged };
}

const access = (sessionId: string): YjsAccess => ({ userId: `user-${sessionId}`, sessionId, canWrite: true });

describe('session activity from the notes', () => {
	it('reports a case manager typing in two tabs once per interval, not once per tab', () => {
		const { activity, reported } = tracked();
		const tabOne = access('cm-session');
		const tabTwo = access('cm-session');
		activity.report(tabOne, 0);
		activity.report(tabTwo, 10);
		activity.report(tabOne, EVERY_MS - 1);
		expect(reported).toEqual(['cm-session']);
		activity.report(tabTwo, EVERY_MS);
		expect(reported).toEqual(['cm-session', 'cm-session']);
	});

	it('reports each session on its own schedule', () => {
		const { activity, reported } = tracked();
		activity.report(access('prosecutor'), 0);
		activity.report(access('defender'), 1);
		activity.report(access('prosecutor'), 2);
		expect(reported).toEqual(['prosecutor', 'defender']);
	});

	it('logs a failed report without throwing into the update path, and tries again next interval', () => {
		const logged: string[] = [];
		let calls = 0;
		const activity = new SessionActivity({
			activityEveryMs: EVERY_MS,
			onActivity: () => {
				calls++;
				throw new Error('database is locked');
			},
			log: (event) => logged.push(event)
		});
		expect(() => activity.report(access('sergeant'), 0)).not.toThrow();
		activity.report(access('sergeant'), 1);
		activity.report(access('sergeant'), EVERY_MS);
		expect(calls).toBe(2);
		expect(logged).toEqual(['yjs.activity_failed', 'yjs.activity_failed']);
	});

	it('forgets sessions whose interval ran out, so a long-running server stays bounded', () => {
		const { activity } = tracked();
		for (let i = 0; i < 1_000; i++) activity.report(access(`old-${i}`), 0);
		for (let i = 0; i < 100; i++) activity.report(access(`new-${i}`), EVERY_MS + 1);
		// Past 1,024 remembered, the thousand whose interval ran out went; the hundred new stayed.
		expect(activity.size).toBe(100);
	});
});
