/**
 * Referrals: a new person enters LEAD, or an exited participant re-enters, by arrest diversion,
 * social contact or (where enabled) community referral. Every referral is screened against the
 * jurisdiction's rules and arrest diversion starts the assessment clock.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
	eligibilityScreenings,
	participants,
	referrals,
	statusChanges,
	type Participant,
	type ParticipantStatus,
	type ScreeningReason,
	type ScreeningResult
} from '../db/participants.schema';
import { authorize, type Actor } from '../policy';
import { assessmentDueAt } from './deadline';
import { activeRuleSet, screen, type ActiveRuleSet } from './eligibility';
import {
	appendEvent,
	assertNotFuture,
	checkVersion,
	loadJurisdiction,
	loadParticipant,
	participantResource,
	recordChange,
	touchParticipant,
	type MutationResult,
	type Segment,
	participantCommand
} from './changes';
import { invalidField } from '../commands/kernel';
import { type Conn } from '../db';
import { createReferralInput, type CreateReferralInput } from './schemas';
import { participantCardView } from './views';

const PATHWAY_LABELS = {
	arrest_diversion: 'arrest diversion',
	social_contact: 'social contact',
	community: 'community referral'
} as const;

export interface CreateReferralResult extends MutationResult {
	referralId: string;
	code: string;
	status: ParticipantStatus;
	version: number;
	screening: { id: string; result: ScreeningResult; reasons: ScreeningReason[] };
	/** ISO instant, or null for pathways without an assessment deadline. */
	assessmentDueAt: string | null;
}

/** Short program prefix from the jurisdiction's name: "King County" → "KC". */
export function codePrefix(jurisdictionName: string): string {
	const initials = jurisdictionName
		.split(/\s+/)
		.filter((w) => /^[A-Z]/.test(w))
		.map((w) => w[0])
		.join('')
		.slice(0, 3);
	return initials || 'P';
}

/** The next free program code, e.g. KC-0142. Numbers start at 0101. */
export function nextCode(tx: Conn, jurisdictionId: string, prefix: string): string {
	const row = tx
		.select({
			max: sql<number | null>`max(cast(substr(${participants.code}, ${prefix.length + 2}) as integer))`
		})
		.from(participants)
		.where(
			and(eq(participants.jurisdictionId, jurisdictionId), sql`${participants.code} like ${prefix + '-%'}`)
		)
		.get();
	const next = Math.max((row?.max ?? 100) + 1, 101);
	return `${prefix}-${String(next).padStart(4, '0')}`;
}

function newParticipant(
	tx: Conn,
	actor: Actor,
	data: CreateReferralInput,
	jurisdictionName: string,
	now: Date
): Participant {
	const person = data.person!;
	const code = nextCode(tx, actor.jurisdictionId, codePrefix(jurisdictionName));
	const row = tx
		.insert(participants)
		.values({
			jurisdictionId: actor.jurisdictionId,
			code,
			legalName: person.legalName,
			aliases: person.aliases,
			dateOfBirth: person.dateOfBirth ?? null,
			raceEthnicity: person.raceEthnicity ?? null,
			gender: person.gender ?? null,
			status: 'referred',
			statusChangedAt: now,
			createdAt: now,
			updatedAt: now
		})
		.returning()
		.get();
	tx.insert(statusChanges)
		.values({
			participantId: row.id,
			fromStatus: null,
			toStatus: 'referred',
			reason: 'Referred.',
			changedByUserId: actor.userId,
			createdAt: now
		})
		.run();
	return row;
}

/** Re-entry: only an exited participant is referred again; anyone else is already in LEAD. */
function reEnter(tx: Conn, actor: Actor, data: CreateReferralInput, now: Date): Participant {
	const p = loadParticipant(tx, actor, data.participantId!);
	authorize(actor, 'participant.view', participantResource(p));
	checkVersion(p.version, data.expectedVersion!, 'This participant', () =>
		participantCardView(tx, actor, p.id, { now })
	);
	if (p.status !== 'exited') {
		throw invalidField(
			'participantId',
			'This participant is already in LEAD; record a contact instead of a new referral.'
		);
	}
	const version = touchParticipant(tx, p, now, {
		status: 'referred',
		exitReason: null,
		statusChangedAt: now
	});
	tx.insert(statusChanges)
		.values({
			participantId: p.id,
			fromStatus: 'exited',
			toStatus: 'referred',
			reason: 'Re-entry by a new referral.',
			changedByUserId: actor.userId,
			createdAt: now
		})
		.run();
	return { ...p, status: 'referred', exitReason: null, version };
}

function referralSegments(data: CreateReferralInput, reEntry: boolean): Segment[] {
	const segments: Segment[] = [
		{
			c: 'core',
			t: `${reEntry ? 'Re-referred' : 'Referred'} by ${PATHWAY_LABELS[data.pathway]}${data.neighbourhood ? ` in ${data.neighbourhood}` : ''}.`
		}
	];
	if (data.offence)
		segments.push({
			c: 'legal',
			t: `Offence: ${data.offence}${data.offenceCategory ? ` (${data.offenceCategory})` : ''}.`
		});
	if (data.narrative) segments.push({ c: 'contact_log', t: data.narrative });
	return segments;
}

function insertReferral(
	tx: Conn,
	actor: Actor,
	p: Participant,
	data: CreateReferralInput,
	dueAt: Date | null,
	now: Date
): string {
	return tx
		.insert(referrals)
		.values({
			participantId: p.id,
			pathway: data.pathway,
			occurredAt: data.occurredAt,
			referringUserId: actor.userId,
			offence: data.offence ?? null,
			offenceCategory: data.offenceCategory ?? null,
			neighbourhood: data.neighbourhood ?? null,
			narrative: data.narrative ?? null,
			screeningFacts: data.facts,
			assessmentDueAt: dueAt,
			createdAt: now
		})
		.returning({ id: referrals.id })
		.get().id;
}

/** Screens the referral against the rule set, stores the result and its timeline entry. */
function screenReferral(
	tx: Conn,
	actor: Actor,
	ids: { participantId: string; referralId: string },
	data: CreateReferralInput,
	ruleSet: ActiveRuleSet,
	now: Date
): CreateReferralResult['screening'] {
	const { rules, version } = ruleSet;
	const outcome = screen(rules, {
		pathway: data.pathway,
		offenceCategory: data.offenceCategory,
		facts: data.facts
	});
	const { id } = tx
		.insert(eligibilityScreenings)
		.values({
			...ids,
			result: outcome.result,
			reasons: outcome.reasons,
			ruleSetKey: rules.key,
			ruleSetVersion: version,
			createdAt: now
		})
		.returning({ id: eligibilityScreenings.id })
		.get();
	const segments: Segment[] = [
		{ c: 'core', t: `Eligibility screening (${rules.name}, v${version}): ${outcome.result}.` },
		{ c: 'legal', t: outcome.reasons.map((r) => r.message).join(' ') }
	];
	appendEvent(
		tx,
		actor,
		{ participantId: ids.participantId, kind: 'eligibility.screened', segments, refs: { screeningId: id } },
		now
	);
	return { id, ...outcome };
}

/** Refers a new person, or an exited participant again; screens the referral and starts its clock. */
export const createReferral = participantCommand({
	name: 'referral.create',
	kind: 'referral.created',
	input: createReferralInput,
	run({ tx, actor, now }, data): CreateReferralResult {
		assertNotFuture('occurredAt', data.occurredAt, now);
		authorize(actor, 'referral.create', { jurisdictionId: actor.jurisdictionId, pathway: data.pathway });
		const jurisdiction = loadJurisdiction(tx, actor.jurisdictionId);
		const ruleSet = activeRuleSet(tx, jurisdiction.id);
		if (!ruleSet.rules.pathways.includes(data.pathway)) {
			throw invalidField(
				'pathway',
				`This jurisdiction does not take ${PATHWAY_LABELS[data.pathway]} referrals.`
			);
		}
		const reEntry = Boolean(data.participantId);
		const p = reEntry
			? reEnter(tx, actor, data, now)
			: newParticipant(tx, actor, data, jurisdiction.name, now);
		const dueAt =
			data.pathway === 'arrest_diversion'
				? assessmentDueAt(data.occurredAt, jurisdiction.timezone, jurisdiction.assessmentWindowDays)
				: null;
		const referralId = insertReferral(tx, actor, p, data, dueAt, now);
		const segments = referralSegments(data, reEntry);
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: 'referral.created', segments, refs: { referralId } },
			now
		);
		const screening = screenReferral(tx, actor, { participantId: p.id, referralId }, data, ruleSet, now);
		return {
			participantId: p.id,
			seq,
			referralId,
			code: p.code,
			status: 'referred',
			version: p.version,
			screening,
			assessmentDueAt: dueAt ? dueAt.toISOString() : null
		};
	}
});
