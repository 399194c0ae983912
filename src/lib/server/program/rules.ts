/**
 * A program's eligibility rules as it keeps them: one draft being edited (from the form), tried
 * against sample referrals, then published as a new version, directly or once the Policy
 * Coordinating Group approves it at a meeting (in LEAD, the PCG chooses the eligible offences).
 * Every screening stores the version it used; the history of versions, and who published or
 * approved each, is there for the PCG to read.
 */
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand, type CommandContext } from '../commands/command';
import { invalidField, parseInput } from '../commands/kernel';
import type { Conn } from '../db';
import { agendaItems, meetingDecisions } from '../db/meetings.schema';
import {
	eligibilityRuleDrafts,
	eligibilityRuleSets,
	type EligibilityRuleDraft
} from '../db/participants.schema';
import { meetings, user } from '../db/schema';
import { conflict, DomainError } from '../errors';
import { authorizeMeeting, loadMeeting, touchMeeting } from '../meetings/records';
import { nextPosition } from '../meetings/agenda';
import { activeRuleSet, installRuleSet, screen, type ScreeningOutcome } from '../participants/eligibility';
import { ruleSetSchema, type RuleSet } from '../participants/rule-sets';
import { screeningFactsInput } from '../participants/schemas';
import { can, type Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import { OFFENCE_CATEGORIES, REFERRAL_PATHWAYS } from '../../shared/participant-values';
import { ruleEditorInput } from './rule-editor';

export interface RuleDraft {
	rules: RuleSet;
	basedOnVersion: number;
	version: number;
	updatedAt: string;
	/** The PCG agenda item the draft is proposed on, with its meeting. */
	proposal: {
		meetingId: string;
		agendaItemId: string;
		title: string;
		startsAt: string;
		status: string;
	} | null;
}

export function draftOf(db: Conn, jurisdictionId: string): RuleDraft | null {
	const row = db
		.select()
		.from(eligibilityRuleDrafts)
		.where(eq(eligibilityRuleDrafts.jurisdictionId, jurisdictionId))
		.get();
	if (!row) return null;
	return {
		rules: ruleSetSchema.parse(row.rules),
		basedOnVersion: row.basedOnVersion,
		version: row.version,
		updatedAt: row.updatedAt.toISOString(),
		proposal: proposalOf(db, row)
	};
}

function proposalOf(db: Conn, draft: EligibilityRuleDraft): RuleDraft['proposal'] {
	if (!draft.proposedAgendaItemId) return null;
	const row = db
		.select({ item: agendaItems, meeting: meetings })
		.from(agendaItems)
		.innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
		.where(eq(agendaItems.id, draft.proposedAgendaItemId))
		.get();
	if (!row) return null;
	return {
		meetingId: row.meeting.id,
		agendaItemId: row.item.id,
		title: row.meeting.title,
		startsAt: row.meeting.startsAt.toISOString(),
		status: row.meeting.status
	};
}

export interface RuleVersionView {
	version: number;
	name: string;
	publishedAt: string;
	publishedBy: string | null;
	approvedAt: { meetingId: string; title: string; startsAt: string } | null;
	note: string | null;
}

/** Every published version, newest first, with who published it and the meeting that approved it. */
export function ruleHistory(db: Conn, jurisdictionId: string): RuleVersionView[] {
	const rows = db
		.select()
		.from(eligibilityRuleSets)
		.where(eq(eligibilityRuleSets.jurisdictionId, jurisdictionId))
		.orderBy(desc(eligibilityRuleSets.version))
		.all();
	const userIds = rows.flatMap((r) => (r.publishedByUserId ? [r.publishedByUserId] : []));
	const meetingIds = rows.flatMap((r) => (r.approvedAtMeetingId ? [r.approvedAtMeetingId] : []));
	const names = new Map(
		userIds.length
			? db
					.select({ id: user.id, name: user.name })
					.from(user)
					.where(inArray(user.id, userIds))
					.all()
					.map((u) => [u.id, u.name])
			: []
	);
	const approvals = new Map(
		meetingIds.length
			? db
					.select()
					.from(meetings)
					.where(inArray(meetings.id, meetingIds))
					.all()
					.map((m) => [m.id, m])
			: []
	);
	return rows.map((r) => {
		const m = r.approvedAtMeetingId ? approvals.get(r.approvedAtMeetingId) : undefined;
		return {
			version: r.version,
			name: r.name,
			publishedAt: r.createdAt.toISOString(),
			publishedBy: r.publishedByUserId ? (names.get(r.publishedByUserId) ?? null) : null,
			approvedAt: m ? { meetingId: m.id, title: m.title, startsAt: m.startsAt.toISOString() } : null,
			note: r.note
		};
	});
}

/** The sample referral the "try it" panel screens. */
export const sampleReferralInput = z.strictObject({
	pathway: z.enum(REFERRAL_PATHWAYS, 'Choose a pathway.'),
	offenceCategory: z.enum(OFFENCE_CATEGORIES).optional(),
	facts: screeningFactsInput.default({})
});

/** Screens a sample referral against the draft (or, without one, the published rules); writes nothing. */
export function tryRules(db: Conn, actor: Actor, input: unknown): ScreeningOutcome & { against: string } {
	if (!can(actor, 'rules.edit', { jurisdictionId: actor.jurisdictionId })) throw forbiddenRules();
	const sample = parseInput(sampleReferralInput, input);
	const draft = draftOf(db, actor.jurisdictionId);
	const rules = draft?.rules ?? activeRuleSet(db, actor.jurisdictionId).rules;
	return { ...screen(rules, sample), against: draft ? 'the draft' : 'the published rules' };
}

const forbiddenRules = () =>
	new DomainError(ERROR_CODES.FORBIDDEN, 'Your role does not edit the eligibility rules.');

const jurisdictionOf = (actor: Actor) => ({ jurisdictionId: actor.jurisdictionId });
const editsRules = (actor: Actor) => can(actor, 'rules.edit', jurisdictionOf(actor));

const rulesEntry = (
	action: 'program.rules_drafted' | 'program.rules_published' | 'program.rules_proposed',
	version: number | null
) => ({
	action,
	objectType: 'rules',
	objectId: null,
	detail: { version }
});

function loadDraftRow(tx: Conn, actor: Actor) {
	return tx
		.select()
		.from(eligibilityRuleDrafts)
		.where(eq(eligibilityRuleDrafts.jurisdictionId, actor.jurisdictionId))
		.get();
}

/** Saves the rules being edited; `expectedVersion` 0 starts a draft from the published rules. */
export const saveRuleDraft = defineCommand({
	name: 'rules.save',
	input: ruleEditorInput,
	permit: editsRules,
	audit: (_data, result?: { version: number }) =>
		rulesEntry('program.rules_drafted', result?.version ?? null),
	run({ tx, actor, now, changes }, { expectedVersion, rules }): { version: number } {
		const current = loadDraftRow(tx, actor);
		if ((current?.version ?? 0) !== expectedVersion) {
			throw conflict('Someone else changed the draft rules; reload to see their version.', {
				version: current?.version ?? 0
			});
		}
		const version = expectedVersion + 1;
		const values = { rules, updatedByUserId: actor.userId, version, updatedAt: now };
		if (current) {
			tx.update(eligibilityRuleDrafts)
				.set(values)
				.where(eq(eligibilityRuleDrafts.jurisdictionId, actor.jurisdictionId))
				.run();
		} else {
			const basedOnVersion = activeRuleSet(tx, actor.jurisdictionId).version;
			tx.insert(eligibilityRuleDrafts)
				.values({ ...values, jurisdictionId: actor.jurisdictionId, basedOnVersion })
				.run();
		}
		changes.program('rules');
		return { version };
	}
});

const draftRef = z.strictObject({ expectedVersion: z.int().min(1, 'There is no draft to act on.') });

/** The draft as it stands at `expectedVersion`, or a conflict naming the version there is. */
function currentDraft(tx: Conn, actor: Actor, expectedVersion: number): EligibilityRuleDraft {
	const draft = loadDraftRow(tx, actor);
	if (!draft) throw invalidField('expectedVersion', 'There is no draft to act on.');
	if (draft.version !== expectedVersion) {
		throw conflict('Someone else changed the draft rules; reload to see their version.', {
			version: draft.version
		});
	}
	return draft;
}

export const discardRuleDraft = defineCommand({
	name: 'rules.discard',
	input: draftRef,
	permit: editsRules,
	audit: () => rulesEntry('program.rules_drafted', null),
	run({ tx, actor, changes }, { expectedVersion }): { discarded: true } {
		currentDraft(tx, actor, expectedVersion);
		tx.delete(eligibilityRuleDrafts)
			.where(eq(eligibilityRuleDrafts.jurisdictionId, actor.jurisdictionId))
			.run();
		changes.program('rules');
		return { discarded: true };
	}
});

/** Makes the draft the rules every new referral is screened by, as the next version. */
function publishDraft(
	ctx: CommandContext,
	draft: EligibilityRuleDraft,
	publication: { note: string | null; approvedAtMeetingId: string | null }
): number {
	const { tx, actor, now, changes } = ctx;
	const version = installRuleSet(tx, actor.jurisdictionId, draft.rules, now, {
		publishedByUserId: actor.userId,
		...publication
	});
	tx.delete(eligibilityRuleDrafts)
		.where(eq(eligibilityRuleDrafts.jurisdictionId, actor.jurisdictionId))
		.run();
	changes.program('rules');
	return version;
}

export const publishRules = defineCommand({
	name: 'rules.publish',
	input: draftRef.extend({ note: z.string().trim().max(500).optional() }),
	permit: (actor) => can(actor, 'rules.publish', jurisdictionOf(actor)),
	audit: (_data, result?: { version: number }) =>
		rulesEntry('program.rules_published', result?.version ?? null),
	run(ctx, { expectedVersion, note }): { version: number } {
		const draft = currentDraft(ctx.tx, ctx.actor, expectedVersion);
		return { version: publishDraft(ctx, draft, { note: note ?? null, approvedAtMeetingId: null }) };
	}
});

/** The next Policy Coordinating Group meeting still to be held, if one is scheduled. */
function nextPcgMeeting(tx: Conn, actor: Actor, now: Date) {
	return tx
		.select()
		.from(meetings)
		.where(
			and(
				eq(meetings.jurisdictionId, actor.jurisdictionId),
				eq(meetings.kind, 'policy_group'),
				inArray(meetings.status, ['draft', 'published']),
				gt(meetings.startsAt, now)
			)
		)
		.orderBy(asc(meetings.startsAt))
		.get();
}

export const PROPOSAL_TITLE = 'Eligibility rules: a change proposed for approval';

/**
 * Puts the draft on the next PCG agenda as a policy item; it takes effect when the PCG approves
 * it there. The meeting's organiser keeps the agenda, so the item is added for them.
 */
export const proposeRules = defineCommand({
	name: 'rules.propose',
	input: draftRef,
	permit: editsRules,
	audit: (_data, result?: { meetingId: string }) => ({
		...rulesEntry('program.rules_proposed', null),
		objectType: 'meeting',
		objectId: result?.meetingId ?? null
	}),
	run({ tx, actor, now, changes }, { expectedVersion }): { meetingId: string; agendaItemId: string } {
		const draft = currentDraft(tx, actor, expectedVersion);
		if (draft.proposedAgendaItemId)
			throw conflict('This draft is already on a Policy Coordinating Group agenda.');
		const m = nextPcgMeeting(tx, actor, now);
		if (!m)
			throw invalidField('expectedVersion', 'Schedule the next Policy Coordinating Group meeting first.');
		const { id } = tx
			.insert(agendaItems)
			.values({
				meetingId: m.id,
				position: nextPosition(tx, m.id),
				title: PROPOSAL_TITLE,
				kind: 'policy_item',
				plannedMinutes: 10,
				createdByUserId: actor.userId,
				createdAt: now
			})
			.returning({ id: agendaItems.id })
			.get();
		touchMeeting(tx, m);
		tx.update(eligibilityRuleDrafts)
			.set({ proposedAgendaItemId: id, version: draft.version + 1, updatedAt: now })
			.where(eq(eligibilityRuleDrafts.jurisdictionId, actor.jurisdictionId))
			.run();
		changes.meeting(m.id, 'agenda.item_added');
		changes.program('rules');
		return { meetingId: m.id, agendaItemId: id };
	}
});

/**
 * Records at the PCG meeting that it approved the proposed rules: they are published as the next
 * version, approved at that meeting, and the decision is on the meeting's record.
 */
export const approveProposedRules = defineCommand({
	name: 'rules.approve',
	input: draftRef,
	audit: (_data, result?: { version: number; meetingId: string }) => ({
		...rulesEntry('program.rules_published', result?.version ?? null),
		objectType: 'meeting',
		objectId: result?.meetingId ?? null
	}),
	run(ctx, { expectedVersion }): { version: number; meetingId: string } {
		const { tx, actor, now } = ctx;
		const draft = currentDraft(tx, actor, expectedVersion);
		const proposal = proposalOf(tx, draft);
		if (!proposal)
			throw invalidField('expectedVersion', 'This draft is not on a Policy Coordinating Group agenda.');
		const m = loadMeeting(tx, actor, proposal.meetingId);
		authorizeMeeting(actor, 'meeting.record', m);
		const version = publishDraft(ctx, draft, { note: null, approvedAtMeetingId: m.id });
		tx.insert(meetingDecisions)
			.values({
				meetingId: m.id,
				agendaItemId: proposal.agendaItemId,
				kind: null,
				text: `Approved the proposed eligibility rules; version ${version} applies to every referral from now on.`,
				agreeingAgencyIds: m.invitedAgencyIds,
				recordedByUserId: actor.userId,
				createdAt: now
			})
			.run();
		ctx.changes.meeting(m.id, 'meeting.decision_recorded');
		return { version, meetingId: m.id };
	}
});
