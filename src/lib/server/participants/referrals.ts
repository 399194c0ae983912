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
import { activeRuleSet, screen, type ActiveRuleSet, type ScreeningOutcome } from './eligibility';
import { programOf, type Program } from '../program/settings';
import {
	appendEvent,
	assertNotFuture,
	checkVersion,
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
import { prepared } from '../db/prepared';
import { createReferralInput, type CreateReferralInput } from './schemas';
import { participantCardView } from './views';
import { OFFENCE_CATEGORY_LABELS } from '../../shared/participant-labels';

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

/**
 * The statements of a referral, prepared once per connection: a referral writes a person, their
 * entry, the referral and its screening. Ids are made here, not by the schema's default, which a
 * prepared statement would fix at the first one.
 */
const highestCode = prepared((db) =>
	db
		.select({
			max: sql<
				number | null
			>`max(cast(substr(${participants.code}, ${sql.placeholder('numberFrom')}) as integer))`
		})
		.from(participants)
		.where(
			and(
				eq(participants.jurisdictionId, sql.placeholder('jurisdictionId')),
				sql`substr(${participants.code}, 1, ${sql.placeholder('prefixLength')}) = ${sql.placeholder('prefix')}`
			)
		)
		.prepare()
);

const insertParticipant = prepared((db) =>
	db
		.insert(participants)
		.values({
			id: sql.placeholder('id'),
			jurisdictionId: sql.placeholder('jurisdictionId'),
			code: sql.placeholder('code'),
			legalName: sql.placeholder('legalName'),
			aliases: sql.placeholder('aliases'),
			dateOfBirth: sql.placeholder('dateOfBirth'),
			raceEthnicity: sql.placeholder('raceEthnicity'),
			gender: sql.placeholder('gender'),
			status: sql.placeholder('status'),
			statusChangedAt: sql.placeholder('now'),
			createdAt: sql.placeholder('now'),
			updatedAt: sql.placeholder('now')
		})
		.returning()
		.prepare()
);

const insertStatusChange = prepared((db) =>
	db
		.insert(statusChanges)
		.values({
			id: sql.placeholder('id'),
			participantId: sql.placeholder('participantId'),
			fromStatus: sql.placeholder('fromStatus'),
			toStatus: sql.placeholder('toStatus'),
			reason: sql.placeholder('reason'),
			changedByUserId: sql.placeholder('changedByUserId'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

const insertReferralRow = prepared((db) =>
	db
		.insert(referrals)
		.values({
			id: sql.placeholder('id'),
			participantId: sql.placeholder('participantId'),
			pathway: sql.placeholder('pathway'),
			occurredAt: sql.placeholder('occurredAt'),
			referringUserId: sql.placeholder('referringUserId'),
			offence: sql.placeholder('offence'),
			offenceCategory: sql.placeholder('offenceCategory'),
			neighbourhood: sql.placeholder('neighbourhood'),
			narrative: sql.placeholder('narrative'),
			screeningFacts: sql.placeholder('screeningFacts'),
			// Often null, which the column's date encoder would refuse: passed as milliseconds, unencoded.
			assessmentDueAt: sql`${sql.placeholder('assessmentDueAtMs')}`,
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

const insertScreening = prepared((db) =>
	db
		.insert(eligibilityScreenings)
		.values({
			id: sql.placeholder('id'),
			participantId: sql.placeholder('participantId'),
			referralId: sql.placeholder('referralId'),
			result: sql.placeholder('result'),
			reasons: sql.placeholder('reasons'),
			ruleSetKey: sql.placeholder('ruleSetKey'),
			ruleSetVersion: sql.placeholder('ruleSetVersion'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

/** The next free program code, e.g. KC-0142. Numbers start at 0101. */
export function nextCode(tx: Conn, jurisdictionId: string, prefix: string): string {
	const start = `${prefix}-`;
	const row = highestCode(tx).get({
		jurisdictionId,
		numberFrom: start.length + 1,
		prefixLength: start.length,
		prefix: start
	});
	const next = Math.max((row?.max ?? 100) + 1, 101);
	return `${prefix}-${String(next).padStart(4, '0')}`;
}

function newParticipant(
	tx: Conn,
	actor: Actor,
	data: CreateReferralInput,
	jurisdictionName: string,
	status: EntryStatus,
	now: Date
): Participant {
	const person = data.person!;
	const code = nextCode(tx, actor.jurisdictionId, codePrefix(jurisdictionName));
	const row = insertParticipant(tx).get({
		id: crypto.randomUUID(),
		jurisdictionId: actor.jurisdictionId,
		code,
		legalName: person.legalName,
		aliases: person.aliases,
		dateOfBirth: person.dateOfBirth ?? null,
		raceEthnicity: person.raceEthnicity ?? null,
		gender: person.gender ?? null,
		status,
		now
	});
	recordEntry(tx, actor, row.id, null, status, now);
	return row;
}

/** A referral enters the participant as referred, or screened out when the screening said so. */
type EntryStatus = Extract<ParticipantStatus, 'referred' | 'screened_out'>;

/** Who may be referred again on the same record: people who left, went quiet, or were screened out. */
export const RE_ENTERS_FROM: readonly ParticipantStatus[] = ['exited', 'inactive', 'screened_out'];

function recordEntry(
	tx: Conn,
	actor: Actor,
	participantId: string,
	from: ParticipantStatus | null,
	to: EntryStatus,
	now: Date
): void {
	insertStatusChange(tx).run({
		id: crypto.randomUUID(),
		participantId,
		fromStatus: from,
		toStatus: to,
		reason: from ? 'Re-entry by a new referral.' : 'Referred.',
		changedByUserId: actor.userId,
		createdAt: now
	});
}

/** Re-entry: a person who left, went inactive or was screened out is referred again on the same record. */
function reEnter(
	tx: Conn,
	actor: Actor,
	data: CreateReferralInput,
	status: EntryStatus,
	now: Date
): Participant {
	const p = loadParticipant(tx, actor, data.participantId!);
	authorize(actor, 'participant.view', participantResource(p));
	checkVersion(p.version, data.expectedVersion!, 'This participant', () =>
		participantCardView(tx, actor, p.id, { now })
	);
	if (!RE_ENTERS_FROM.includes(p.status)) {
		throw invalidField(
			'participantId',
			'This participant is already in LEAD; record a contact instead of a new referral.'
		);
	}
	const version = touchParticipant(tx, p, now, { status, exitReason: null, statusChangedAt: now });
	recordEntry(tx, actor, p.id, p.status, status, now);
	return { ...p, status, exitReason: null, version };
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
			t: `Offence: ${data.offence}${data.offenceCategory ? ` (${OFFENCE_CATEGORY_LABELS[data.offenceCategory].toLowerCase()})` : ''}.`
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
	const id = crypto.randomUUID();
	insertReferralRow(tx).run({
		id,
		participantId: p.id,
		pathway: data.pathway,
		occurredAt: data.occurredAt,
		referringUserId: actor.userId,
		offence: data.offence ?? null,
		offenceCategory: data.offenceCategory ?? null,
		neighbourhood: data.neighbourhood ?? null,
		narrative: data.narrative ?? null,
		screeningFacts: data.facts,
		assessmentDueAtMs: dueAt?.getTime() ?? null,
		createdAt: now
	});
	return id;
}

/** Stores the screening of a referral and its timeline entry. */
function storeScreening(
	tx: Conn,
	actor: Actor,
	ids: { participantId: string; referralId: string },
	outcome: ScreeningOutcome,
	ruleSet: ActiveRuleSet,
	now: Date
): CreateReferralResult['screening'] {
	const { rules, version } = ruleSet;
	const id = crypto.randomUUID();
	insertScreening(tx).run({
		id,
		...ids,
		result: outcome.result,
		reasons: outcome.reasons,
		ruleSetKey: rules.key,
		ruleSetVersion: version,
		createdAt: now
	});
	const verdict = outcome.result === 'eligible' ? 'eligible' : 'screened out';
	const under = version ? `${rules.name}, version ${version}` : 'no published rules yet';
	const segments: Segment[] = [
		{ c: 'core', t: `Eligibility screening (${under}): ${verdict}.` },
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

/**
 * Refers a new person, or someone who left, went inactive or was screened out again on the same
 * record. The referral is screened first: an eligible one is "referred" and an arrest diversion
 * starts the assessment clock (where the program has one); an ineligible one is "screened out",
 * with its reasons and no clock, until a facilitator overrides the screening.
 */
export const createReferral = participantCommand({
	name: 'referral.create',
	kind: 'referral.created',
	input: createReferralInput,
	run({ tx, actor, now }, data): CreateReferralResult {
		assertNotFuture('occurredAt', data.occurredAt, now);
		authorize(actor, 'referral.create', { jurisdictionId: actor.jurisdictionId, pathway: data.pathway });
		const program = programOf(tx, actor.jurisdictionId);
		checkProgramTakes(program, data);
		const ruleSet = activeRuleSet(tx, program.jurisdictionId);
		const outcome = screen(ruleSet.rules, {
			pathway: data.pathway,
			offenceCategory: data.offenceCategory,
			facts: data.facts
		});
		const status: EntryStatus = outcome.result === 'eligible' ? 'referred' : 'screened_out';
		const reEntry = Boolean(data.participantId);
		const p = reEntry
			? reEnter(tx, actor, data, status, now)
			: newParticipant(tx, actor, data, program.name, status, now);
		const clockRuns =
			status === 'referred' && data.pathway === 'arrest_diversion' && program.assessmentWindowDays > 0;
		const dueAt = clockRuns
			? assessmentDueAt(data.occurredAt, program.timezone, program.assessmentWindowDays)
			: null;
		const referralId = insertReferral(tx, actor, p, data, dueAt, now);
		const segments = referralSegments(data, reEntry);
		const seq = recordChange(
			tx,
			actor,
			{ participantId: p.id, kind: 'referral.created', segments, refs: { referralId } },
			now
		);
		const screening = storeScreening(tx, actor, { participantId: p.id, referralId }, outcome, ruleSet, now);
		return {
			participantId: p.id,
			seq,
			referralId,
			code: p.code,
			status,
			version: p.version,
			screening,
			assessmentDueAt: dueAt ? dueAt.toISOString() : null
		};
	}
});

/** The referral uses a pathway the program takes, and categories the program records. */
function checkProgramTakes(program: Program, data: CreateReferralInput): void {
	const { pathways, raceEthnicities, genders } = program.settings;
	if (!pathways.includes(data.pathway)) {
		throw invalidField('pathway', `This program does not take ${PATHWAY_LABELS[data.pathway]} referrals.`);
	}
	const race = data.person?.raceEthnicity;
	if (race && !raceEthnicities.includes(race)) {
		throw invalidField(
			'person.raceEthnicity',
			'Choose one of the race/ethnicity categories this program records.'
		);
	}
	const gender = data.person?.gender;
	if (gender && !genders.some((g) => g.value === gender)) {
		throw invalidField('person.gender', 'Choose one of the gender categories this program records.');
	}
}
