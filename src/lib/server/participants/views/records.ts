/**
 * The records on a participant page (referrals with their screening, plan goals by domain, legal
 * matters, contacts, updates), each redacted field by field for the actor: a field in a withheld
 * category is absent, and a row whose `id` is withheld is left out altogether.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Conn } from '../../db';
import {
	contacts,
	eligibilityRuleSets,
	eligibilityScreenings,
	legalMatters,
	participantUpdates,
	planGoals,
	referrals,
	type EligibilityRuleSet,
	type EligibilityScreening,
	type Participant,
	type Referral
} from '../../db/participants.schema';
import { redactRow } from '../../policy';
import { GOAL_DOMAINS, type GoalDomain } from '../../../shared/participant-values';
import type {
	ContactView,
	LegalMatterView,
	PlanDomainView,
	PlanGoalView,
	ReferralView,
	ScreeningView,
	UpdateView
} from '../../../shared/participant-views';
import { staffRef, type UserSummary } from '../staff';
import type { Visible } from './context';
import { compact, iso } from './wire';

type Users = Map<string, UserSummary>;

type RuleVersion = Pick<EligibilityRuleSet, 'name' | 'version' | 'createdAt'> | null;

function screeningView(s: EligibilityScreening, rules: RuleVersion, visible: Visible): ScreeningView {
	const shown = redactRow('eligibility_screenings', s, visible) ?? {};
	return compact<ScreeningView>({
		screeningId: s.id,
		result: s.result,
		overridden: s.overriddenAt !== null,
		reasons: shown.reasons,
		overrideReason: shown.overrideReason,
		ruleSet: {
			name: rules?.name ?? 'Eligibility rules',
			version: s.ruleSetVersion,
			publishedAt: rules ? rules.createdAt.toISOString() : null
		},
		version: s.version
	});
}

function referralView(
	r: Referral,
	s: EligibilityScreening | null,
	rules: RuleVersion,
	visible: Visible,
	users: Users
): ReferralView {
	const shown = redactRow('referrals', r, visible) ?? {};
	return compact<ReferralView>({
		referralId: r.id,
		pathway: r.pathway,
		occurredAt: r.occurredAt.toISOString(),
		referredBy: staffRef(users, r.referringUserId),
		neighbourhood: r.neighbourhood,
		offence: shown.offence,
		offenceCategory: shown.offenceCategory,
		narrative: shown.narrative,
		screeningFacts: shown.screeningFacts,
		assessmentDueAt: iso(r.assessmentDueAt),
		assessmentCompletedAt: iso(r.assessmentCompletedAt),
		deadlineOutcome: shown.deadlineOutcome,
		deadlineOutcomeNote: shown.deadlineOutcomeNote,
		version: r.version,
		screening: s ? screeningView(s, rules, visible) : null
	});
}

/** Every referral of the participant, newest first, with the screening each had. */
export function referralViews(db: Conn, p: Participant, visible: Visible, users: Users): ReferralView[] {
	return db
		.select({
			r: referrals,
			s: eligibilityScreenings,
			rules: {
				name: eligibilityRuleSets.name,
				version: eligibilityRuleSets.version,
				createdAt: eligibilityRuleSets.createdAt
			}
		})
		.from(referrals)
		.leftJoin(eligibilityScreenings, eq(eligibilityScreenings.referralId, referrals.id))
		.leftJoin(
			eligibilityRuleSets,
			and(
				eq(eligibilityRuleSets.jurisdictionId, p.jurisdictionId),
				eq(eligibilityRuleSets.version, eligibilityScreenings.ruleSetVersion)
			)
		)
		.where(eq(referrals.participantId, p.id))
		.orderBy(desc(referrals.occurredAt))
		.all()
		.map(({ r, s, rules }) => referralView(r, s, rules, visible, users));
}

/** The rows the actor may see, each with its fields redacted; a row whose `id` is withheld is left out. */
function eachShown<T extends Record<string, unknown>, V>(
	table: string,
	rows: T[],
	visible: Visible,
	view: (row: T, shown: Partial<T>) => V
): V[] {
	return rows.flatMap((row) => {
		const shown = redactRow(table, row, visible);
		return shown ? [view(row, shown)] : [];
	});
}

/** The plan's goals grouped by domain, in the domains' order; a clinical goal the actor may not see is left out. */
export function planViews(db: Conn, p: Participant, visible: Visible): PlanDomainView[] {
	const goals = db
		.select()
		.from(planGoals)
		.where(eq(planGoals.participantId, p.id))
		.orderBy(planGoals.createdAt)
		.all();
	const byDomain = new Map<GoalDomain, PlanDomainView>();
	eachShown('plan_goals', goals, visible, (g, shown) => {
		const view = byDomain.get(g.domain) ?? { domain: g.domain, goals: [] };
		view.goals.push(
			compact<PlanGoalView>({
				goalId: g.id,
				status: g.status,
				version: g.version,
				updatedAt: g.updatedAt.toISOString(),
				description: shown.description,
				targetDate: shown.targetDate
			})
		);
		byDomain.set(g.domain, view);
	});
	return GOAL_DOMAINS.flatMap((d) => byDomain.get(d) ?? []);
}

export function legalViews(db: Conn, p: Participant, visible: Visible): LegalMatterView[] {
	const rows = db
		.select()
		.from(legalMatters)
		.where(eq(legalMatters.participantId, p.id))
		.orderBy(legalMatters.createdAt)
		.all();
	return eachShown('legal_matters', rows, visible, (m): LegalMatterView => ({
		legalMatterId: m.id,
		caseNumber: m.caseNumber,
		court: m.court,
		charge: m.charge,
		nextCourtDate: iso(m.nextCourtDate),
		status: m.status,
		chargingDecision: m.chargingDecision,
		chargingDecisionNote: m.chargingDecisionNote,
		version: m.version
	}));
}

/** Contacts, newest first; a case-management note goes only to those who see case notes. */
export function contactViews(db: Conn, p: Participant, visible: Visible, users: Users): ContactView[] {
	const rows = db
		.select()
		.from(contacts)
		.where(eq(contacts.participantId, p.id))
		.orderBy(desc(contacts.occurredAt))
		.all();
	return eachShown('contacts', rows, visible, (c, shown) =>
		compact<ContactView>({
			contactId: c.id,
			kind: c.kind,
			occurredAt: c.occurredAt.toISOString(),
			author: staffRef(users, c.authorUserId),
			note: shown.note
		})
	);
}

/** Updates, newest first, each marked new when posted since the last meeting. */
export function updateViews(
	db: Conn,
	p: Participant,
	visible: Visible,
	users: Users,
	since: Date
): UpdateView[] {
	const rows = db
		.select()
		.from(participantUpdates)
		.where(eq(participantUpdates.participantId, p.id))
		.orderBy(desc(participantUpdates.createdAt))
		.all();
	return eachShown('participant_updates', rows, visible, (u, shown) =>
		compact<UpdateView>({
			updateId: u.id,
			author: staffRef(users, u.authorUserId),
			createdAt: u.createdAt.toISOString(),
			isNew: u.createdAt > since,
			body: shown.body
		})
	);
}
