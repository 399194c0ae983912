/** Paper: who must find the 42 CFR Part 2 notice on a printed summary, and its wording in print CSS. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { part2NoticeOnPaper, visibleCategories, type Actor } from '../../src/lib/server/policy';
import { PART2_NOTICE } from '../../src/lib/shared/participant-labels';
import type { Role } from '../../src/lib/shared/roles';

const J = 'kc';
const actor = (role: Role, userId = `u-${role}`): Actor => ({
	userId,
	name: role,
	role,
	agencyId: 'agency-of-' + role,
	agencyKind: 'program',
	jurisdictionId: J
});
const participant = { jurisdictionId: J, caseManagerUserId: 'u-case_manager', defenderUserId: null };
const onPaper = (a: Actor, consents: Parameters<typeof visibleCategories>[2] = []) =>
	part2NoticeOnPaper(visibleCategories(a, participant, consents));

describe('the Part 2 notice on paper', () => {
	it('marks the case manager’s own summary, since it carries case notes and clinical detail to court', () => {
		expect(onPaper(actor('case_manager'))).toBe(true);
		expect(onPaper(actor('case_manager_supervisor'))).toBe(true);
	});

	it('leaves it off paper that holds no Part 2 category', () => {
		expect(onPaper(actor('case_manager', 'u-covering'))).toBe(false);
		expect(onPaper(actor('police_officer'))).toBe(false);
		expect(onPaper(actor('facilitator'))).toBe(false);
	});

	it('marks police paper once the participant’s consent releases clinical detail to their agency', () => {
		const consent = {
			participantId: 'p',
			recipientAgencyId: 'agency-of-police_officer',
			categories: ['clinical' as const],
			startsAt: new Date(Date.now() - 86_400_000),
			expiresAt: null,
			revokedAt: null
		};
		expect(onPaper(actor('police_officer'), [consent])).toBe(true);
	});

	it('prints the notice in the words the screen shows (paper.css repeats PART2_NOTICE)', () => {
		const css = readFileSync('src/lib/styles/paper.css', 'utf8');
		expect(css).toContain(`content: '${PART2_NOTICE}'`);
	});
});
