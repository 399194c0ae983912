/**
 * Tells a session it is in use at most once per interval, however many notes tabs that person
 * has open: each report costs a read of the session row.
 */
import { errorName } from './room';
import type { YjsAccess, YjsSettings } from './types';

/**
 * Past this many remembered sessions, those whose interval has run out are forgotten: at most
 * once per interval, so a board with more active sessions than this does not scan on every report.
 */
const PRUNE_ABOVE = 1_024;

export class SessionActivity {
	private readonly lastAt = new Map<string, number>();
	private prunedAt = -Infinity;

	constructor(private readonly settings: Pick<YjsSettings, 'activityEveryMs' | 'onActivity' | 'log'>) {}

	/** A writer's update was stored. */
	report(access: YjsAccess, now = performance.now()): void {
		const { activityEveryMs, onActivity } = this.settings;
		const last = this.lastAt.get(access.sessionId);
		if (last !== undefined && now - last < activityEveryMs) return;
		this.lastAt.set(access.sessionId, now);
		if (this.lastAt.size > PRUNE_ABOVE && now - this.prunedAt >= activityEveryMs) this.prune(now);
		try {
			onActivity(access);
		} catch (error) {
			this.settings.log('yjs.activity_failed', { sessionId: access.sessionId, error: errorName(error) });
		}
	}

	/** Sessions remembered (for tests: the map stays bounded). */
	get size(): number {
		return this.lastAt.size;
	}

	private prune(now: number): void {
		this.prunedAt = now;
		for (const [sessionId, at] of this.lastAt) {
			if (now - at >= this.settings.activityEveryMs) this.lastAt.delete(sessionId);
		}
	}
}
