/**
 * What every participant view starts from: the actor, the staff it names, the jurisdiction's
 * clock, and the consents of the participants in view. What an actor sees is their role's
 * baseline widened by the participant's active consents naming their agency: every view loads
 * those consents itself, so no caller can forget them (or pass someone else's).
 */
import type { Conn } from '../../db';
import type { Participant } from '../../db/participants.schema';
import { notFound } from '../../errors';
import {
	authorize,
	fieldCategory,
	part2NoticeApplies,
	redactRow,
	redactedCategories,
	sees,
	visibleCategories,
	type Actor,
	type InformationCategory
} from '../../policy';
import { defaultSince, factsOf, type ParticipantFacts } from '../board';
import { loadConsents, type LoadedConsent } from '../consent-grants';
import { participantById, participantResource } from '../changes';
import { programOf } from '../../program/settings';
import type { ProgramSettings } from '../../../shared/program-settings';
import { loadUsers, type UserSummary } from '../staff';

export interface ViewOptions {
	now?: Date;
	/** The last meeting's date; defaults to one workgroup cadence before `now`. */
	since?: Date;
}

export interface ViewContext {
	actor: Actor;
	users: Map<string, UserSummary>;
	timezone: string;
	/** The program's thresholds for flags and clocks. */
	settings: ProgramSettings;
	now: Date;
	since: Date;
	/** Every consent of the participants in view, by participant id. */
	consents: Map<string, LoadedConsent[]>;
}

export type Visible = ReadonlySet<InformationCategory>;

/**
 * What every view needs; `participantIds` (null: the whole jurisdiction) scopes the consents
 * loaded, and `staffIds` (when given) the staff, for a view that names only those.
 */
export function viewContext(
	db: Conn,
	actor: Actor,
	opts: ViewOptions,
	participantIds: string[] | null,
	jurisdictionId = actor.jurisdictionId,
	staffIds?: readonly string[]
): ViewContext {
	const now = opts.now ?? new Date();
	const program = programOf(db, jurisdictionId);
	return {
		actor,
		users: loadUsers(db, jurisdictionId, staffIds),
		timezone: program.timezone,
		settings: program.settings,
		now,
		since: opts.since ?? defaultSince(now, program.settings),
		consents: loadConsents(db, jurisdictionId, participantIds)
	};
}

/** What one actor sees of one participant, and the markers every view of them carries. */
export interface Sight {
	visible: Visible;
	/** The participant row with every field the actor may not see removed. */
	row: Partial<Participant>;
	shows: (table: string, field: string) => boolean;
	redacted: InformationCategory[];
	part2Notice: true | undefined;
}

/** What this actor may see of this participant now: their role's baseline widened by active consents. */
export function sightOf(ctx: Pick<ViewContext, 'actor' | 'consents' | 'now'>, p: Participant): Sight {
	const resource = { ...participantResource(p), participantId: p.id };
	const grants = (ctx.consents.get(p.id) ?? []).map((c) => c.grant);
	const visible = visibleCategories(ctx.actor, resource, grants, ctx.now);
	return {
		visible,
		row: redactRow('participants', p, visible) ?? {},
		shows: (table, field) => sees(visible, fieldCategory(table, field, {})),
		redacted: redactedCategories(visible),
		part2Notice: part2NoticeApplies(ctx.actor, visible) ? true : undefined
	};
}

/** A participant of this jurisdiction, or not_found (another jurisdiction's participant does not exist here). */
export function participantIn(db: Conn, jurisdictionId: string, participantId: string): Participant {
	const p = participantById(db).get({ id: participantId });
	if (!p || p.jurisdictionId !== jurisdictionId || p.mergedIntoId) throw notFound('Participant');
	return p;
}

/** A participant the actor may see, or not_found. */
export function viewable(db: Conn, actor: Actor, participantId: string): Participant {
	const p = participantIn(db, actor.jurisdictionId, participantId);
	authorize(actor, 'participant.view', participantResource(p));
	return p;
}

/** One participant the actor may see, the context to view them in, and their board facts. */
export function oneInView(
	db: Conn,
	actor: Actor,
	participantId: string,
	opts: ViewOptions
): { p: Participant; ctx: ViewContext; facts: ParticipantFacts } {
	const p = viewable(db, actor, participantId);
	const ctx = viewContext(db, actor, opts, [p.id]);
	return { p, ctx, facts: factsOf(db, actor.jurisdictionId, p.id, ctx.now) };
}
