/**
 * The program's eligibility rules: the version in force and its history (for the PCG too), and
 * for those who keep them the draft being edited, a sample referral tried against it, and
 * publishing or proposing it to the Policy Coordinating Group.
 */
import { failFromDomain } from '$lib/server/http/actions';
import { commandAction, signedIn } from '$lib/server/http/command-action';
import { meetingResource } from '$lib/server/meetings';
import { getMeeting } from '$lib/server/meetings/records';
import { activeRuleSet } from '$lib/server/participants/eligibility';
import { can } from '$lib/server/policy';
import { draftOf, ruleHistory, tryRules } from '$lib/server/program/rules';
import { readFormInput } from '$lib/shared/form-input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { may } = await event.parent();
	const actor = signedIn(event);
	const { db } = event.locals.services;
	const active = activeRuleSet(db, actor.jurisdictionId);
	const draft = may.editRules ? draftOf(db, actor.jurisdictionId) : null;
	const proposed = draft?.proposal ? getMeeting(db, draft.proposal.meetingId) : null;
	return {
		active,
		history: ruleHistory(db, actor.jurisdictionId),
		draft,
		mayPublish: can(actor, 'rules.publish', { jurisdictionId: actor.jurisdictionId }),
		mayApprove: proposed ? can(actor, 'meeting.record', meetingResource(proposed)) : false
	};
};

export const actions: Actions = {
	save: (event) => commandAction(event, { name: 'rules.save' }),
	discard: (event) => commandAction(event, { name: 'rules.discard' }),
	publish: (event) => commandAction(event, { name: 'rules.publish' }),
	propose: (event) => commandAction(event, { name: 'rules.propose' }),
	approve: (event) => commandAction(event, { name: 'rules.approve' }),
	/** Screens a sample referral against the draft; it writes nothing, so it is no command. */
	try: async (event) => {
		const actor = signedIn(event);
		const { input } = readFormInput(await event.request.formData(), 'UTC');
		try {
			return { ok: true as const, op: 'try', tried: tryRules(event.locals.services.db, actor, input) };
		} catch (e) {
			return failFromDomain(e, { op: 'try' });
		}
	}
};
