import { describe, expect, it } from 'vitest';
import { Presence } from '../../server/realtime/presence';

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
});
