/**
 * What the board knows about each participant beyond the participant row, loaded for many
 * participants at once with a handful of grouped queries (no query per participant), and the
 * flags a card shows. Also the change-log catch-up for a reconnecting client.
 */
import { and, eq, gt, inArray, isNotNull, isNull, max, min, ne, sql, type SQL } from 'drizzle-orm';
import {
	changeLog,
	contacts,
	eligibilityScreenings,
	legalMatters,
	participantUpdates,
	participants,
	referrals,
	type Participant
} from '../db/participants.schema';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { discussionFlags } from '../db/meetings.schema';
import { authorize, sees, visibleCategories, type Actor, type FieldCategory } from '../policy';
import type { ReferralPathway, RosterFlag } from '../../shared/participant-values';
import type { ProgramSettings } from '../../shared/program-settings';
import { deadlineState, type DeadlineState } from './deadline';
import { loadConsents } from './consent-grants';

const DAY_MS = 86_400_000;

/** The program settings a card's flags and clock are computed with. */
export type FlagSettings = Pick<
	ProgramSettings,
	'assessmentWarningDays' | 'courtHorizonDays' | 'unableToLocateDays' | 'workgroupCadenceDays'
>;

export interface LatestReferral {
	id: string;
	pathway: ReferralPathway;
	occurredAt: Date;
	assessmentDueAt: Date | null;
	assessmentCompletedAt: Date | null;
	deadlineOutcome: string | null;
	screeningResult: 'eligible' | 'ineligible' | null;
	overridden: boolean;
}

/** Board facts about one participant. */
export interface ParticipantFacts {
	latestReferral: LatestReferral | null;
	nextCourtDate: Date | null;
	lastContactAt: Date | null;
	lastPoliceContactAt: Date | null;
	lastUpdateAt: Date | null;
	/** Someone asked for the participant to be discussed at the next workgroup meeting. */
	flaggedForDiscussion: boolean;
}

function scope(jurisdictionId: string, ids: string[] | null): SQL | undefined {
	const inJurisdiction = eq(participants.jurisdictionId, jurisdictionId);
	return ids ? and(inJurisdiction, inArray(participants.id, ids)) : inJurisdiction;
}

function latestReferralsQuery(db: Conn, where: SQL | undefined) {
	return db
		.select({
			participantId: referrals.participantId,
			id: referrals.id,
			pathway: referrals.pathway,
			occurredAt: referrals.occurredAt,
			createdAt: referrals.createdAt,
			assessmentDueAt: referrals.assessmentDueAt,
			assessmentCompletedAt: referrals.assessmentCompletedAt,
			deadlineOutcome: referrals.deadlineOutcome,
			screeningResult: eligibilityScreenings.result,
			overriddenAt: eligibilityScreenings.overriddenAt
		})
		.from(referrals)
		.innerJoin(participants, eq(participants.id, referrals.participantId))
		.leftJoin(eligibilityScreenings, eq(eligibilityScreenings.referralId, referrals.id))
		.where(where)
		.orderBy(referrals.occurredAt, referrals.createdAt);
}

type ReferralRow = Awaited<ReturnType<ReturnType<typeof latestReferralsQuery>['all']>>[number];

function latestReferrals(rows: ReferralRow[]): Map<string, LatestReferral> {
	const out = new Map<string, LatestReferral>();
	for (const r of rows) {
		out.set(r.participantId, {
			id: r.id,
			pathway: r.pathway,
			occurredAt: r.occurredAt,
			assessmentDueAt: r.assessmentDueAt,
			assessmentCompletedAt: r.assessmentCompletedAt,
			deadlineOutcome: r.deadlineOutcome,
			screeningResult: r.screeningResult,
			overridden: r.overriddenAt !== null
		});
	}
	return out;
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

/** One grouped query: participant id → an aggregate timestamp. */
function groupedTimesQuery(
	db: Conn,
	table: typeof contacts | typeof participantUpdates | typeof legalMatters | typeof discussionFlags,
	value: SQL,
	where: SQL | undefined
) {
	return db
		.select({ participantId: table.participantId, at: value })
		.from(table)
		.innerJoin(participants, eq(participants.id, table.participantId))
		.where(where)
		.groupBy(table.participantId);
}

type TimeRow = { participantId: string; at: unknown };

const timesBy = (rows: TimeRow[]): Map<string, Date | null> =>
	new Map(rows.map((r) => [r.participantId, toDate(r.at)]));

/** The six queries of the board facts, over the participants `inScope` selects; `now` is SQL (a value or a placeholder). */
function factQueries(db: Conn, inScope: SQL | undefined, now: SQL) {
	const times = (table: Parameters<typeof groupedTimesQuery>[1], value: SQL, where: SQL | undefined) =>
		groupedTimesQuery(db, table, value, where);
	return {
		latest: latestReferralsQuery(db, inScope),
		nextCourt: times(
			legalMatters,
			sql`${min(legalMatters.nextCourtDate)}`,
			and(
				inScope,
				eq(legalMatters.status, 'open'),
				isNotNull(legalMatters.nextCourtDate),
				sql`${legalMatters.nextCourtDate} >= ${now}`
			)
		),
		lastContact: times(contacts, sql`${max(contacts.occurredAt)}`, inScope),
		lastPolice: times(
			contacts,
			sql`${max(contacts.occurredAt)}`,
			and(inScope, ne(contacts.kind, 'case_management'))
		),
		lastUpdate: times(participantUpdates, sql`${max(participantUpdates.createdAt)}`, inScope),
		flagged: times(
			discussionFlags,
			sql`${max(discussionFlags.createdAt)}`,
			and(inScope, isNull(discussionFlags.clearedAt))
		)
	};
}

interface FactRows {
	latest: ReferralRow[];
	nextCourt: TimeRow[];
	lastContact: TimeRow[];
	lastPolice: TimeRow[];
	lastUpdate: TimeRow[];
	flagged: TimeRow[];
}

function factsFrom(rows: FactRows): Map<string, ParticipantFacts> {
	const latest = latestReferrals(rows.latest);
	const nextCourt = timesBy(rows.nextCourt);
	const lastContact = timesBy(rows.lastContact);
	const lastPolice = timesBy(rows.lastPolice);
	const lastUpdate = timesBy(rows.lastUpdate);
	const flagged = timesBy(rows.flagged);
	const keys = new Set([
		...latest.keys(),
		...nextCourt.keys(),
		...lastContact.keys(),
		...lastUpdate.keys(),
		...flagged.keys()
	]);
	const out = new Map<string, ParticipantFacts>();
	for (const id of keys) {
		out.set(id, {
			latestReferral: latest.get(id) ?? null,
			nextCourtDate: nextCourt.get(id) ?? null,
			lastContactAt: lastContact.get(id) ?? null,
			lastPoliceContactAt: lastPolice.get(id) ?? null,
			lastUpdateAt: lastUpdate.get(id) ?? null,
			flaggedForDiscussion: flagged.has(id)
		});
	}
	return out;
}

/** Board facts for every participant of a jurisdiction, or for the given ones: six queries in all. */
export function loadFacts(
	db: Conn,
	jurisdictionId: string,
	ids: string[] | null,
	now: Date
): Map<string, ParticipantFacts> {
	const q = factQueries(db, scope(jurisdictionId, ids), sql`${now.getTime()}`);
	return factsFrom({
		latest: q.latest.all(),
		nextCourt: q.nextCourt.all(),
		lastContact: q.lastContact.all(),
		lastPolice: q.lastPolice.all(),
		lastUpdate: q.lastUpdate.all(),
		flagged: q.flagged.all()
	});
}

/**
 * The same facts for one participant in one statement, prepared once per connection: every change
 * reads them. Each fact is the aggregate the grouped queries compute, as a subquery; the latest
 * referral is the last in the order they read it (by when it happened, then when it was recorded).
 */
const oneParticipantFacts = prepared((db) =>
	db
		.select({
			id: referrals.id,
			pathway: referrals.pathway,
			occurredAt: referrals.occurredAt,
			assessmentDueAt: referrals.assessmentDueAt,
			assessmentCompletedAt: referrals.assessmentCompletedAt,
			deadlineOutcome: referrals.deadlineOutcome,
			screeningResult: eligibilityScreenings.result,
			overriddenAt: eligibilityScreenings.overriddenAt,
			nextCourt: sql<number | null>`(select min(m.next_court_date) from ${legalMatters} m
				where m.participant_id = ${participants.id} and m.status = 'open'
				and m.next_court_date is not null and m.next_court_date >= ${sql.placeholder('now')})`,
			lastContact: sql<number | null>`(select max(c.occurred_at) from ${contacts} c
				where c.participant_id = ${participants.id})`,
			lastPolice: sql<number | null>`(select max(c.occurred_at) from ${contacts} c
				where c.participant_id = ${participants.id} and c.kind <> 'case_management')`,
			lastUpdate: sql<number | null>`(select max(u.created_at) from ${participantUpdates} u
				where u.participant_id = ${participants.id})`,
			flagged: sql<number | null>`(select max(f.created_at) from ${discussionFlags} f
				where f.participant_id = ${participants.id} and f.cleared_at is null)`
		})
		.from(participants)
		.leftJoin(
			referrals,
			eq(
				referrals.id,
				sql`(select r.id from ${referrals} r where r.participant_id = ${participants.id}
					order by r.occurred_at desc, r.created_at desc, r.rowid desc limit 1)`
			)
		)
		.leftJoin(eligibilityScreenings, eq(eligibilityScreenings.referralId, referrals.id))
		.where(
			and(
				eq(participants.jurisdictionId, sql.placeholder('jurisdictionId')),
				eq(participants.id, sql.placeholder('participantId'))
			)
		)
		.prepare()
);

export const EMPTY_FACTS: ParticipantFacts = {
	latestReferral: null,
	nextCourtDate: null,
	lastContactAt: null,
	lastPoliceContactAt: null,
	lastUpdateAt: null,
	flaggedForDiscussion: false
};

/** Board facts about one participant. */
export function factsOf(
	db: Conn,
	jurisdictionId: string,
	participantId: string,
	now: Date
): ParticipantFacts {
	const row = oneParticipantFacts(db).get({ jurisdictionId, participantId, now: now.getTime() });
	if (!row) return EMPTY_FACTS;
	return {
		latestReferral:
			row.id === null
				? null
				: {
						id: row.id,
						pathway: row.pathway!,
						occurredAt: row.occurredAt!,
						assessmentDueAt: row.assessmentDueAt,
						assessmentCompletedAt: row.assessmentCompletedAt,
						deadlineOutcome: row.deadlineOutcome,
						screeningResult: row.screeningResult,
						overridden: row.overriddenAt !== null
					},
		nextCourtDate: toDate(row.nextCourt),
		lastContactAt: toDate(row.lastContact),
		lastPoliceContactAt: toDate(row.lastPolice),
		lastUpdateAt: toDate(row.lastUpdate),
		flaggedForDiscussion: row.flagged !== null
	};
}

/**
 * The assessment clock while it runs: an arrest-diversion referral whose assessment is not done
 * and whose deadline has no final outcome (an extension keeps it running).
 */
export function assessmentClock(
	p: Participant,
	facts: ParticipantFacts,
	now: Date,
	timezone: string,
	settings: FlagSettings
): DeadlineState | null {
	const r = facts.latestReferral;
	if (!r?.assessmentDueAt || r.assessmentCompletedAt || p.status === 'exited') return null;
	if (r.deadlineOutcome && r.deadlineOutcome !== 'extended') return null;
	return deadlineState(r.assessmentDueAt, now, timezone, settings.assessmentWarningDays);
}

/** The card flags, by the program's thresholds. `since` is the last meeting's date. */
export function computeFlags(
	p: Participant,
	facts: ParticipantFacts,
	clock: DeadlineState | null,
	now: Date,
	since: Date,
	settings: FlagSettings
): RosterFlag[] {
	const flags: RosterFlag[] = [];
	if (clock?.dueSoon) flags.push('assessment_due_soon');
	if (clock?.overdue) flags.push('assessment_overdue');
	if (facts.lastPoliceContactAt && facts.lastPoliceContactAt > since)
		flags.push('new_police_contact_since_last_meeting');
	if (
		facts.nextCourtDate &&
		facts.nextCourtDate.getTime() <= now.getTime() + settings.courtHorizonDays * DAY_MS
	) {
		flags.push('court_within_14_days');
	}
	if (
		p.status === 'unable_to_locate' &&
		p.statusChangedAt.getTime() <= now.getTime() - settings.unableToLocateDays * DAY_MS
	) {
		flags.push('unable_to_locate_30_days');
	}
	if (facts.flaggedForDiscussion) flags.push('flagged_for_discussion');
	if (facts.lastUpdateAt && facts.lastUpdateAt > since) flags.push('updated_since_last_meeting');
	return flags;
}

/** Without a meeting held yet, "since the last meeting" means one workgroup cadence ago. */
export function defaultSince(now: Date, settings: Pick<FlagSettings, 'workgroupCadenceDays'>): Date {
	return new Date(now.getTime() - settings.workgroupCadenceDays * DAY_MS);
}

export interface ChangeEntry {
	seq: number;
	participantId: string;
	/** The change's kind, or `participant.changed` when the reader may not see what kind of change it was. */
	kind: string;
	at: string;
}

/**
 * What changed in the actor's jurisdiction after `afterSeq`, oldest first, for a reconnecting
 * client to catch up (it then reloads the named participants' views). `hasMore` says to ask again.
 */
export function changesSince(
	db: Conn,
	actor: Actor,
	afterSeq: number,
	limit = 500
): { changes: ChangeEntry[]; latestSeq: number; hasMore: boolean } {
	authorize(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId });
	const rows = db
		.select({
			seq: changeLog.seq,
			participantId: changeLog.participantId,
			kind: changeLog.kind,
			category: changeLog.category,
			createdAt: changeLog.createdAt,
			caseManagerUserId: participants.caseManagerUserId,
			defenderUserId: participants.defenderUserId
		})
		.from(changeLog)
		.innerJoin(participants, eq(participants.id, changeLog.participantId))
		.where(
			and(
				eq(changeLog.jurisdictionId, actor.jurisdictionId),
				gt(changeLog.seq, Math.max(0, Math.floor(afterSeq)))
			)
		)
		.orderBy(changeLog.seq)
		.limit(limit + 1)
		.all();
	const hasMore = rows.length > limit;
	const now = new Date();
	const page = rows.slice(0, limit);
	const consents = loadConsents(db, actor.jurisdictionId, [...new Set(page.map((r) => r.participantId))]);
	const changes = page.map((r) => {
		const grants = (consents.get(r.participantId) ?? []).map((c) => c.grant);
		const visible = visibleCategories(actor, { jurisdictionId: actor.jurisdictionId, ...r }, grants, now);
		return {
			seq: r.seq,
			participantId: r.participantId,
			kind: sees(visible, r.category as FieldCategory) ? r.kind : 'participant.changed',
			at: r.createdAt.toISOString()
		};
	});
	return { changes, latestSeq: changes.at(-1)?.seq ?? latestSeq(db, actor.jurisdictionId), hasMore };
}

/** The newest change-log sequence number of a jurisdiction (0 when nothing has changed). */
export function latestSeq(db: Conn, jurisdictionId: string): number {
	const row = db
		.select({ seq: max(changeLog.seq) })
		.from(changeLog)
		.where(eq(changeLog.jurisdictionId, jurisdictionId))
		.get();
	return row?.seq ?? 0;
}
