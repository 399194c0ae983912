/**
 * The line shown above a meeting's notes saying who can read them. It asks the notes' access
 * rule about every active account of the meeting's jurisdiction, so it follows the rules as they are.
 */
import { eq } from 'drizzle-orm';
import { ROLES, ROLE_LABELS, type Role } from '../../shared/roles';
import type { Db } from '../db';
import { agencies, user, type Meeting } from '../db/schema';
import type { Actor } from '../policy';
import { notesAccess } from './access';

/** e.g. "Prosecutors, public defenders and the facilitator (3 people). Read only: police officers." */
export function describeNotesReaders(db: Db, meeting: Meeting): string {
	const writers = new Map<Role, number>();
	const readOnly = new Map<Role, number>();
	let people = 0;
	for (const actor of activeActors(db, meeting.jurisdictionId)) {
		const access = notesAccess(actor, meeting);
		if (!access.read) continue;
		const group = access.write ? writers : readOnly;
		group.set(actor.role, (group.get(actor.role) ?? 0) + 1);
		people++;
	}
	if (people === 0) return 'Nobody else yet.';
	const count = people === 1 ? '1 person' : `${people} people`;
	const editors = writers.size ? `${capitalise(roleList(writers))} (${count}).` : `${count}.`;
	const readers = readOnly.size ? ` Read only: ${roleList(readOnly)}.` : '';
	return `${editors}${readers}`;
}

function activeActors(db: Db, jurisdictionId: string): Actor[] {
	return db
		.select({
			userId: user.id,
			name: user.name,
			role: user.role,
			agencyId: user.agencyId,
			agencyKind: agencies.kind,
			jurisdictionId: user.jurisdictionId,
			disabled: user.disabled
		})
		.from(user)
		.innerJoin(agencies, eq(agencies.id, user.agencyId))
		.where(eq(user.jurisdictionId, jurisdictionId))
		.all()
		.filter((row) => !row.disabled)
		.map(({ disabled: _disabled, ...actor }) => actor);
}

/** Roles in the board's usual order, plural where more than one person holds them. */
function roleList(counts: Map<Role, number>): string {
	const names = ROLES.filter((role) => counts.has(role)).map((role) => {
		const label = ROLE_LABELS[role]
			.toLowerCase()
			.replace('policy coordinating group', 'Policy Coordinating Group');
		return counts.get(role)! > 1 ? `${label}s` : label;
	});
	if (names.length === 1) return names[0];
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
