/**
 * The people and agencies of a jurisdiction as meeting screens name them (staff names and agency
 * labels, never participant data), and the participants an agenda mentions with what each viewer
 * may see of them.
 */
import { eq, inArray } from 'drizzle-orm';
import { agencies, user } from '../db/schema';
import { participants } from '../db/participants.schema';
import type { Conn } from '../db';
import {
	can,
	fieldCategory,
	sees,
	visibleCategories,
	type Actor,
	type ConsentGrant,
	type InformationCategory,
	type ParticipantResource
} from '../policy';
import { loadConsents } from '../participants/consent-grants';
import type { AgencyRef, AgendaParticipant, PersonRef } from '../../shared/meeting-views';
import type { AgencyKind, Role } from '../../shared/roles';

export interface DirectoryPerson extends PersonRef {
	role: Role;
	agencyId: string;
	disabled: boolean;
}

export interface Directory {
	agencies: Map<string, AgencyRef>;
	people: Map<string, DirectoryPerson>;
}

export function loadDirectory(db: Conn, jurisdictionId: string): Directory {
	const agencyRows = db.select().from(agencies).where(eq(agencies.jurisdictionId, jurisdictionId)).all();
	const agencyMap = new Map<string, AgencyRef>(
		agencyRows.map((a) => [a.id, { agencyId: a.id, name: a.name, shortName: a.shortName, kind: a.kind }])
	);
	const people = new Map<string, DirectoryPerson>();
	for (const u of db.select().from(user).where(eq(user.jurisdictionId, jurisdictionId)).all()) {
		const agency = agencyMap.get(u.agencyId);
		people.set(u.id, {
			userId: u.id,
			name: u.name,
			role: u.role,
			agencyId: u.agencyId,
			agencyKind: (agency?.kind ?? 'program') as AgencyKind,
			agencyShort: agency?.shortName ?? '',
			disabled: u.disabled
		});
	}
	return { agencies: agencyMap, people };
}

export function personRef(dir: Directory, userId: string | null): PersonRef | null {
	const p = userId ? dir.people.get(userId) : undefined;
	return p
		? {
				userId: p.userId,
				name: p.name,
				agencyId: p.agencyId,
				agencyKind: p.agencyKind,
				agencyShort: p.agencyShort
			}
		: null;
}

/** The actor a directory person would be, for asking the policy module about them. */
export function actorOf(p: DirectoryPerson, jurisdictionId: string): Actor {
	return {
		userId: p.userId,
		name: p.name,
		role: p.role,
		agencyId: p.agencyId,
		agencyKind: p.agencyKind,
		jurisdictionId
	};
}

export interface MentionedParticipant {
	id: string;
	code: string;
	legalName: string;
	resource: ParticipantResource;
	/** The participant's releases of information, so agenda lines widen exactly as the views do. */
	consents: ConsentGrant[];
}

export function loadMentioned(
	db: Conn,
	jurisdictionId: string,
	ids: string[]
): Map<string, MentionedParticipant> {
	if (!ids.length) return new Map();
	const consents = loadConsents(db, jurisdictionId, [...new Set(ids)]);
	const rows = db
		.select()
		.from(participants)
		.where(inArray(participants.id, [...new Set(ids)]))
		.all();
	return new Map(
		rows
			.filter((p) => p.jurisdictionId === jurisdictionId)
			.map((p) => [
				p.id,
				{
					id: p.id,
					code: p.code,
					legalName: p.legalName,
					consents: (consents.get(p.id) ?? []).map((c) => c.grant),
					resource: {
						jurisdictionId: p.jurisdictionId,
						caseManagerUserId: p.caseManagerUserId,
						defenderUserId: p.defenderUserId
					}
				}
			])
	);
}

/** What one viewer may see of one mentioned participant. */
export interface Sight {
	/** May see the participant at all (their code, status and flags). */
	view: boolean;
	categories: ReadonlySet<InformationCategory>;
}

export function sightOf(actor: Actor, p: MentionedParticipant | undefined): Sight {
	if (!p || !can(actor, 'participant.view', p.resource)) return { view: false, categories: new Set() };
	return { view: true, categories: visibleCategories(actor, p.resource, p.consents) };
}

export function agendaParticipant(p: MentionedParticipant, sight: Sight): AgendaParticipant {
	const showName = sees(sight.categories, fieldCategory('participants', 'legalName', {}));
	return showName
		? { participantId: p.id, code: p.code, name: p.legalName }
		: { participantId: p.id, code: p.code };
}
