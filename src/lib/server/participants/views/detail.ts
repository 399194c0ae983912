/** The participant page: the card, the person, their records and timeline, consents and the forms the actor may use. */
import type { Conn } from '../../db';
import type { Participant } from '../../db/participants.schema';
import { can, type Actor } from '../../policy';
import {
	PARTICIPANT_PAGE_ACTIONS,
	REFERRAL_PATHWAYS,
	type ParticipantPageAction
} from '../../../shared/participant-values';
import type { ParticipantDetail } from '../../../shared/participant-views';
import { agencyNames, consentLines, consentRecords } from '../consent-grants';
import { participantResource } from '../changes';
import { staffRef } from '../staff';
import { buildCard } from './card';
import { oneInView, sightOf, type ViewOptions } from './context';
import { contactViews, legalViews, planViews, referralViews, updateViews } from './records';
import { timelineViews } from './timeline';
import { compact } from './wire';

/** The participant-level actions this actor may take, for showing only the forms it may use. */
export function allowedActions(actor: Actor, p: Participant): ParticipantPageAction[] {
	const resource = participantResource(p);
	// Someone already in the program is referred again only after they exit.
	const mayReferAgain = () =>
		p.status === 'exited' &&
		REFERRAL_PATHWAYS.some((pathway) =>
			can(actor, 'referral.create', { jurisdictionId: p.jurisdictionId, pathway })
		);
	return PARTICIPANT_PAGE_ACTIONS.filter((action) =>
		action === 'referral.create' ? mayReferAgain() : can(actor, action, resource)
	);
}

/** The participant page, redacted for the actor. */
export function participantDetailView(
	db: Conn,
	actor: Actor,
	participantId: string,
	opts: ViewOptions = {}
): ParticipantDetail {
	const { p, ctx, facts } = oneInView(db, actor, participantId, opts);
	const { visible, row, shows, redacted, part2Notice } = sightOf(ctx, p);
	const loaded = ctx.consents.get(p.id) ?? [];
	const names = agencyNames(db, actor.jurisdictionId);
	return compact<ParticipantDetail>({
		card: buildCard(p, facts, ctx),
		identity: shows('participants', 'legalName')
			? { legalName: row.legalName, aliases: row.aliases, dateOfBirth: row.dateOfBirth }
			: undefined,
		demographics: shows('participants', 'raceEthnicity')
			? { raceEthnicity: row.raceEthnicity, gender: row.gender }
			: undefined,
		defender: shows('participants', 'defenderUserId') ? staffRef(ctx.users, p.defenderUserId) : undefined,
		referrals: referralViews(db, p, visible, ctx.users),
		plan: visible.has('plan_summary') || visible.has('clinical') ? planViews(db, p, visible) : undefined,
		legalMatters: visible.has('legal') ? legalViews(db, p, visible) : undefined,
		contacts: visible.has('contact_log') ? contactViews(db, p, visible, ctx.users) : undefined,
		updates: updateViews(db, p, visible, ctx.users, ctx.since),
		timeline: timelineViews(db, p, visible, ctx.users),
		allowedActions: allowedActions(actor, p),
		redacted,
		consents: consentLines(loaded, names, ctx.now),
		consentRecords: can(actor, 'consent.view', participantResource(p))
			? consentRecords(loaded, names, ctx.users, ctx.now)
			: undefined,
		part2Notice
	});
}
