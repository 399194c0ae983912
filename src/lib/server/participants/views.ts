/**
 * Redacted views of participants: the roster card, the participant page and the roster. A field
 * the actor may not see is absent from the JSON, not nulled; `redacted` names the categories
 * withheld (always all of them, whether or not this participant has data there, so the list
 * itself reveals nothing). What an actor sees is their role's baseline widened by the
 * participant's active consents naming their agency: every view loads those consents itself, so
 * no caller can forget them (or pass someone else's).
 */
import { desc, eq } from 'drizzle-orm';
import {
	contacts,
	eligibilityScreenings,
	legalMatters,
	participantEvents,
	participantUpdates,
	participants,
	planGoals,
	referrals,
	type GoalDomain,
	type Participant
} from '../db/participants.schema';
import { GOAL_DOMAINS } from '../db/participants.schema';
import { notFound } from '../errors';
import { authorize, can, type Actor } from '../policy';
import {
	fieldCategory,
	part2NoticeApplies,
	redactRow,
	redactedCategories,
	sees,
	visibleCategories,
	type ConsentGrant,
	type FieldCategory,
	type InformationCategory
} from '../policy/participants';
import {
	agencyNames,
	consentLines,
	consentRecords,
	loadConsents,
	type ConsentLine,
	type ConsentRecord,
	type LoadedConsent
} from './consent-grants';
import {
	EMPTY_FACTS,
	assessmentClock,
	computeFlags,
	defaultSince,
	loadFacts,
	loadUsers,
	type ParticipantFacts,
	type UserSummary
} from './board';
import { loadJurisdiction, participantResource, parseInput, type Conn } from './mutations';
import { rosterQueryInput } from './schemas';
import {
	PARTICIPANT_PAGE_ACTIONS,
	REFERRAL_PATHWAYS,
	type ParticipantPageAction,
	type RosterFlag
} from '../../shared/participant-values';

export interface ViewOptions {
	now?: Date;
	/** The last meeting's date; defaults to 14 days before `now`. */
	since?: Date;
}

export interface PersonRef {
	userId: string;
	name: string;
	agencyKind?: string;
}

export interface ParticipantCard {
	participantId: string;
	code: string;
	status: Participant['status'];
	exitReason: Participant['exitReason'];
	version: number;
	/** Legal name: only for roles that see identity. */
	name?: string;
	caseManager: PersonRef | null;
	eligibility: 'eligible' | 'ineligible' | 'overridden' | null;
	pathway: string | null;
	assessment: { dueAt: string; daysLeft: number; overdue: boolean } | null;
	/** Legal category. */
	nextCourtDate?: string | null;
	/** Contact-log category. */
	lastContactAt?: string | null;
	flags: RosterFlag[];
	redacted: InformationCategory[];
	/** Present when a criminal-justice role sees clinical records under consent: show the 42 CFR Part 2 notice. */
	part2Notice?: true;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Drops keys whose value is undefined, so withheld fields are absent rather than present-and-empty. */
function compact<T extends object>(o: T): T {
	for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
	return o;
}

const person = (users: Map<string, UserSummary>, id: string | null): PersonRef | null => {
	if (!id) return null;
	const u = users.get(id);
	return { userId: id, name: u?.name ?? 'Unknown user', agencyKind: u?.agencyKind };
};

interface CardContext {
	actor: Actor;
	users: Map<string, UserSummary>;
	timezone: string;
	now: Date;
	since: Date;
	/** Every consent of the participants in view, by participant id. */
	consents: Map<string, LoadedConsent[]>;
}

const grantsOf = (ctx: Pick<CardContext, 'consents'>, participantId: string): ConsentGrant[] =>
	(ctx.consents.get(participantId) ?? []).map((c) => c.grant);

/** What this actor may see of this participant now: their role's baseline widened by active consents. */
function visibleOf(ctx: Pick<CardContext, 'actor' | 'consents' | 'now'>, p: Participant): Visible {
	const resource = { ...participantResource(p), participantId: p.id };
	return visibleCategories(ctx.actor, resource, grantsOf(ctx, p.id), ctx.now);
}

function buildCard(p: Participant, facts: ParticipantFacts, ctx: CardContext): ParticipantCard {
	const visible = visibleOf(ctx, p);
	const row = redactRow('participants', p, visible) ?? {};
	const clock = assessmentClock(p, facts, ctx.now, ctx.timezone);
	const r = facts.latestReferral;
	const show = (c: FieldCategory) => sees(visible, c);
	return compact({
		participantId: p.id,
		code: p.code,
		status: p.status,
		exitReason: p.exitReason,
		version: p.version,
		name: row.legalName,
		caseManager: person(ctx.users, p.caseManagerUserId),
		eligibility: r?.screeningResult ? (r.overridden ? 'overridden' : r.screeningResult) : null,
		pathway: r?.pathway ?? null,
		assessment: clock
			? { dueAt: clock.dueAt.toISOString(), daysLeft: clock.daysLeft, overdue: clock.overdue }
			: null,
		nextCourtDate: show(fieldCategory('legal_matters', 'nextCourtDate', {}))
			? iso(facts.nextCourtDate)
			: undefined,
		lastContactAt: show(fieldCategory('contacts', 'occurredAt', {})) ? iso(facts.lastContactAt) : undefined,
		flags: computeFlags(p, facts, clock, ctx.now, ctx.since),
		redacted: redactedCategories(visible),
		part2Notice: part2NoticeApplies(ctx.actor, visible) ? true : undefined
	});
}

/** What every view needs; `participantIds` (null: the whole jurisdiction) scopes the consents loaded. */
function context(
	db: Conn,
	actor: Actor,
	opts: ViewOptions,
	participantIds: string[] | null,
	jurisdictionId = actor.jurisdictionId
): CardContext {
	const now = opts.now ?? new Date();
	return {
		actor,
		users: loadUsers(db, jurisdictionId),
		timezone: loadJurisdiction(db, jurisdictionId).timezone,
		now,
		since: opts.since ?? defaultSince(now),
		consents: loadConsents(db, jurisdictionId, participantIds)
	};
}

/** A participant the actor may see, or not_found (another jurisdiction's participant does not exist for them). */
function viewable(db: Conn, actor: Actor, participantId: string): Participant {
	const p = db.select().from(participants).where(eq(participants.id, participantId)).get();
	if (!p || p.jurisdictionId !== actor.jurisdictionId) throw notFound('Participant');
	authorize(actor, 'participant.view', participantResource(p));
	return p;
}

/** One roster card, redacted for the actor. */
export function participantCardView(
	db: Conn,
	actor: Actor,
	participantId: string,
	opts: ViewOptions = {}
): ParticipantCard {
	const p = viewable(db, actor, participantId);
	const ctx = context(db, actor, opts, [p.id]);
	const facts = loadFacts(db, actor.jurisdictionId, [p.id], ctx.now).get(p.id) ?? EMPTY_FACTS;
	return buildCard(p, facts, ctx);
}

/**
 * Loads a participant (and its consents) once and returns a function that builds its card for any
 * recipient, redacted for that recipient (null when they may not see the participant): for
 * broadcasting one change to many sockets without a query per recipient.
 */
export function cardBroadcaster(
	db: Conn,
	jurisdictionId: string,
	participantId: string,
	opts: ViewOptions = {}
): (actor: Actor) => ParticipantCard | null {
	const p = db.select().from(participants).where(eq(participants.id, participantId)).get();
	if (!p || p.jurisdictionId !== jurisdictionId) throw notFound('Participant');
	const base = context(db, { jurisdictionId } as Actor, opts, [p.id], jurisdictionId);
	const facts = loadFacts(db, jurisdictionId, [p.id], base.now).get(p.id) ?? EMPTY_FACTS;
	return (actor) =>
		can(actor, 'participant.view', participantResource(p)) ? buildCard(p, facts, { ...base, actor }) : null;
}

export interface RosterGroup {
	key: string;
	label: string;
	participantIds: string[];
}

export interface RosterView {
	total: number;
	cards: ParticipantCard[];
	groups?: RosterGroup[];
}

function matchesSearch(card: ParticipantCard, p: Participant, q: string): boolean {
	if (card.code.toLowerCase().includes(q)) return true;
	// Names are searched only when the card shows the name: a hidden field must never decide a match.
	if (card.name === undefined) return false;
	return [p.legalName, ...p.aliases].some((n) => n.toLowerCase().includes(q));
}

function groupCards(cards: ParticipantCard[], by: 'status' | 'caseManager'): RosterGroup[] {
	const groups = new Map<string, RosterGroup>();
	for (const c of cards) {
		const key = by === 'status' ? c.status : (c.caseManager?.userId ?? 'unassigned');
		const label = by === 'status' ? c.status : (c.caseManager?.name ?? 'Unassigned');
		const g = groups.get(key) ?? { key, label, participantIds: [] };
		g.participantIds.push(c.participantId);
		groups.set(key, g);
	}
	return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The jurisdiction's roster as cards, filtered, searched and grouped, built from a handful of
 * grouped queries whatever the roster's size.
 */
export function rosterView(db: Conn, actor: Actor, query: unknown = {}, opts: ViewOptions = {}): RosterView {
	const q = parseInput(rosterQueryInput, query);
	authorize(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId });
	const ctx = context(db, actor, opts, null);
	const rows = db
		.select()
		.from(participants)
		.where(eq(participants.jurisdictionId, actor.jurisdictionId))
		.orderBy(participants.code)
		.all()
		.filter((p) => (q.status ? p.status === q.status : true))
		.filter((p) =>
			q.caseManagerId === undefined
				? true
				: q.caseManagerId === 'unassigned'
					? p.caseManagerUserId === null
					: p.caseManagerUserId === q.caseManagerId
		);
	const facts = loadFacts(db, actor.jurisdictionId, null, ctx.now);
	const search = q.search?.toLowerCase();
	const cards: ParticipantCard[] = [];
	for (const p of rows) {
		const card = buildCard(p, facts.get(p.id) ?? EMPTY_FACTS, ctx);
		if (q.flag && !card.flags.includes(q.flag)) continue;
		if (search && !matchesSearch(card, p, search)) continue;
		cards.push(card);
	}
	return compact({ total: cards.length, cards, groups: q.group ? groupCards(cards, q.group) : undefined });
}

export interface TimelineEntry {
	id: number;
	kind: string;
	agencyKind: string;
	author: string;
	at: string;
	text: string;
	/** The meeting a decision or action item was recorded in. */
	meetingId?: string;
}

export interface PlanDomainView {
	domain: GoalDomain;
	goals: Array<{
		goalId: string;
		status: string;
		version: number;
		updatedAt: string;
		description?: string;
		targetDate?: string | null;
	}>;
}

export interface ParticipantDetail {
	card: ParticipantCard;
	identity?: { legalName?: string; aliases?: string[]; dateOfBirth?: string | null };
	demographics?: { raceEthnicity?: string | null; gender?: string | null };
	defender?: PersonRef | null;
	referrals: ReturnType<typeof referralViews>;
	plan?: PlanDomainView[];
	legalMatters?: ReturnType<typeof legalViews>;
	contacts?: ReturnType<typeof contactViews>;
	updates: ReturnType<typeof updateViews>;
	timeline: TimelineEntry[];
	allowedActions: ParticipantPageAction[];
	redacted: InformationCategory[];
	/** The participant's active consents: every viewer sees who may receive what. */
	consents: ConsentLine[];
	/** Every consent with its purpose and history, for those who manage them. */
	consentRecords?: ConsentRecord[];
	/** Present when clinical records reach a criminal-justice role under consent (42 CFR Part 2). */
	part2Notice?: true;
}

type Visible = ReadonlySet<InformationCategory>;

function referralViews(db: Conn, p: Participant, visible: Visible, users: Map<string, UserSummary>) {
	const rows = db
		.select({ r: referrals, s: eligibilityScreenings })
		.from(referrals)
		.leftJoin(eligibilityScreenings, eq(eligibilityScreenings.referralId, referrals.id))
		.where(eq(referrals.participantId, p.id))
		.orderBy(desc(referrals.occurredAt))
		.all();
	return rows.map(({ r, s }) => {
		const rr = redactRow('referrals', r, visible) ?? {};
		const ss = s ? (redactRow('eligibility_screenings', s, visible) ?? {}) : null;
		return compact({
			referralId: r.id,
			pathway: r.pathway,
			occurredAt: r.occurredAt.toISOString(),
			referredBy: person(users, r.referringUserId),
			neighbourhood: r.neighbourhood,
			offence: rr.offence,
			offenceCategory: rr.offenceCategory,
			narrative: rr.narrative,
			screeningFacts: rr.screeningFacts,
			assessmentDueAt: iso(r.assessmentDueAt),
			assessmentCompletedAt: iso(r.assessmentCompletedAt),
			deadlineOutcome: rr.deadlineOutcome,
			deadlineOutcomeNote: rr.deadlineOutcomeNote,
			version: r.version,
			screening:
				s && ss
					? compact({
							screeningId: s.id,
							result: s.result,
							overridden: s.overriddenAt !== null,
							reasons: ss.reasons,
							overrideReason: ss.overrideReason,
							ruleSet: `${s.ruleSetKey}@${s.ruleSetVersion}`,
							version: s.version
						})
					: null
		});
	});
}

function planViews(db: Conn, p: Participant, visible: Visible): PlanDomainView[] {
	const goals = db
		.select()
		.from(planGoals)
		.where(eq(planGoals.participantId, p.id))
		.orderBy(planGoals.createdAt)
		.all();
	const byDomain = new Map<GoalDomain, PlanDomainView>();
	for (const g of goals) {
		const row = redactRow('plan_goals', g, visible);
		if (!row) continue;
		const view = byDomain.get(g.domain) ?? { domain: g.domain, goals: [] };
		view.goals.push(
			compact({
				goalId: g.id,
				status: g.status,
				version: g.version,
				updatedAt: g.updatedAt.toISOString(),
				description: row.description,
				targetDate: row.targetDate
			})
		);
		byDomain.set(g.domain, view);
	}
	return GOAL_DOMAINS.flatMap((d) => byDomain.get(d) ?? []);
}

function legalViews(db: Conn, p: Participant, visible: Visible) {
	const rows = db
		.select()
		.from(legalMatters)
		.where(eq(legalMatters.participantId, p.id))
		.orderBy(legalMatters.createdAt)
		.all();
	return rows.flatMap((m) => {
		const row = redactRow('legal_matters', m, visible);
		if (!row) return [];
		return [
			{
				legalMatterId: m.id,
				caseNumber: m.caseNumber,
				court: m.court,
				charge: m.charge,
				nextCourtDate: iso(m.nextCourtDate),
				status: m.status,
				chargingDecision: m.chargingDecision,
				chargingDecisionNote: m.chargingDecisionNote,
				version: m.version
			}
		];
	});
}

function contactViews(db: Conn, p: Participant, visible: Visible, users: Map<string, UserSummary>) {
	const rows = db
		.select()
		.from(contacts)
		.where(eq(contacts.participantId, p.id))
		.orderBy(desc(contacts.occurredAt))
		.all();
	return rows.flatMap((c) => {
		const row = redactRow('contacts', c, visible);
		if (!row) return [];
		return [
			compact({
				contactId: c.id,
				kind: c.kind,
				occurredAt: c.occurredAt.toISOString(),
				author: person(users, c.authorUserId),
				note: row.note
			})
		];
	});
}

function updateViews(
	db: Conn,
	p: Participant,
	visible: Visible,
	users: Map<string, UserSummary>,
	since: Date
) {
	const rows = db
		.select()
		.from(participantUpdates)
		.where(eq(participantUpdates.participantId, p.id))
		.orderBy(desc(participantUpdates.createdAt))
		.all();
	return rows.flatMap((u) => {
		const row = redactRow('participant_updates', u, visible);
		if (!row) return [];
		return [
			compact({
				updateId: u.id,
				author: person(users, u.authorUserId),
				createdAt: u.createdAt.toISOString(),
				isNew: u.createdAt > since,
				body: row.body
			})
		];
	});
}

const TIMELINE_LIMIT = 200;

/** Newest first; each entry's text keeps only the segments the actor may read, and an entry with none is left out. */
function timelineViews(
	db: Conn,
	p: Participant,
	visible: Visible,
	users: Map<string, UserSummary>
): TimelineEntry[] {
	const rows = db
		.select()
		.from(participantEvents)
		.where(eq(participantEvents.participantId, p.id))
		.orderBy(desc(participantEvents.createdAt), desc(participantEvents.id))
		.limit(TIMELINE_LIMIT)
		.all();
	return rows.flatMap((e) => {
		const text = e.payload.segments
			.filter((s) => sees(visible, s.c as FieldCategory))
			.map((s) => s.t)
			.join(' ');
		if (!text) return [];
		return [
			{
				id: e.id,
				kind: e.kind,
				agencyKind: e.actorAgencyKind,
				author: users.get(e.actorUserId)?.name ?? 'Unknown user',
				at: e.createdAt.toISOString(),
				text,
				...(e.payload.refs?.meetingId ? { meetingId: e.payload.refs.meetingId } : {})
			}
		];
	});
}

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
	const p = viewable(db, actor, participantId);
	const ctx = context(db, actor, opts, [p.id]);
	const facts = loadFacts(db, actor.jurisdictionId, [p.id], ctx.now).get(p.id) ?? EMPTY_FACTS;
	const visible = visibleOf(ctx, p);
	const row = redactRow('participants', p, visible) ?? {};
	const loaded = ctx.consents.get(p.id) ?? [];
	const names = agencyNames(db, actor.jurisdictionId);
	const show = (table: string, field: string) => sees(visible, fieldCategory(table, field, {}));
	return compact({
		card: buildCard(p, facts, ctx),
		identity: show('participants', 'legalName')
			? { legalName: row.legalName, aliases: row.aliases, dateOfBirth: row.dateOfBirth }
			: undefined,
		demographics: show('participants', 'raceEthnicity')
			? { raceEthnicity: row.raceEthnicity, gender: row.gender }
			: undefined,
		defender: show('participants', 'defenderUserId') ? person(ctx.users, p.defenderUserId) : undefined,
		referrals: referralViews(db, p, visible, ctx.users),
		plan: visible.has('plan_summary') || visible.has('clinical') ? planViews(db, p, visible) : undefined,
		legalMatters: visible.has('legal') ? legalViews(db, p, visible) : undefined,
		contacts: visible.has('contact_log') ? contactViews(db, p, visible, ctx.users) : undefined,
		updates: updateViews(db, p, visible, ctx.users, ctx.since),
		timeline: timelineViews(db, p, visible, ctx.users),
		allowedActions: allowedActions(actor, p),
		redacted: redactedCategories(visible),
		consents: consentLines(loaded, names, ctx.now),
		consentRecords: can(actor, 'consent.view', participantResource(p))
			? consentRecords(loaded, names, ctx.users, ctx.now)
			: undefined,
		part2Notice: part2NoticeApplies(actor, visible) ? true : undefined
	});
}
