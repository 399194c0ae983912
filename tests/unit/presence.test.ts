import { afterEach, describe, expect, it, vi } from 'vitest';
import { Presence, PRESENCE_SETTLE_MS } from '../../server/realtime/presence';
import type { PresentUser } from '../../src/lib/shared/events';

const person = (userId: string, name: string) => ({
	userId,
	name,
	role: 'case_manager' as const,
	agencyName: 'Harbor Outreach Services',
	agencyShort: 'Outreach',
	agencyKind: 'case_management' as const
});

describe('presence', () => {
	it('folds several tabs of one person into one entry with a count', () => {
		const presence = new Presence();
		presence.add('a', 'kc', person('u1', 'Jordan Ortiz'));
		presence.add('b', 'kc', person('u1', 'Jordan Ortiz'));
		presence.add('c', 'kc', person('u2', 'Avery Stone'));
		expect(presence.list('kc').map((p) => [p.name, p.connections])).toEqual([
			['Avery Stone', 1],
			['Jordan Ortiz', 2]
		]);
	});

	it('keeps jurisdictions apart and forgets closed connections', () => {
		const presence = new Presence();
		presence.add('a', 'kc', person('u1', 'Jordan Ortiz'));
		presence.add('b', 'sf', person('u3', 'Santa Fe Person'));
		expect(presence.remove('a')).toBe('kc');
		expect(presence.list('kc')).toEqual([]);
		expect(presence.list('sf')).toHaveLength(1);
		expect(presence.remove('missing')).toBeUndefined();
	});

	describe('announcements', () => {
		afterEach(() => {
			vi.useRealTimers();
		});

		it('announces a burst of arrivals and departures once per jurisdiction, with the list as it settled', () => {
			vi.useFakeTimers();
			const sent: [string, string[]][] = [];
			const presence = new Presence((j, people: PresentUser[]) => sent.push([j, people.map((p) => p.name)]));
			presence.add('a', 'kc', person('u1', 'Jordan Ortiz'));
			presence.add('b', 'kc', person('u2', 'Avery Stone'));
			presence.add('c', 'sf', person('u3', 'Santa Fe Person'));
			presence.remove('a');
			expect(sent).toEqual([]);
			vi.advanceTimersByTime(PRESENCE_SETTLE_MS);
			expect(sent).toEqual([
				['kc', ['Avery Stone']],
				['sf', ['Santa Fe Person']]
			]);
			presence.remove('b');
			vi.advanceTimersByTime(PRESENCE_SETTLE_MS);
			expect(sent.at(-1)).toEqual(['kc', []]);
			expect(sent).toHaveLength(3);
		});

		it('sends nothing once stopped', () => {
			vi.useFakeTimers();
			const sent: string[] = [];
			const presence = new Presence((j) => sent.push(j));
			presence.add('a', 'kc', person('u1', 'Jordan Ortiz'));
			presence.stop();
			vi.advanceTimersByTime(PRESENCE_SETTLE_MS * 2);
			expect(sent).toEqual([]);
		});
	});
});
