/** Who printed a page and where: the line every printed page of the board closes with. */
import type { Db } from './db';
import { ROLE_LABELS } from '../shared/roles';
import type { Actor } from './policy';
import { getJurisdiction, listAgencies } from './users';

export interface PrintedBy {
	name: string;
	role: string;
	agency: string;
	jurisdiction: string;
	timeZone: string;
	isDemo: boolean;
	at: string;
}

export function printedBy(db: Db, actor: Actor, now = new Date()): PrintedBy {
	const jurisdiction = getJurisdiction(db, actor.jurisdictionId);
	const agency = listAgencies(db, actor.jurisdictionId).find((a) => a.id === actor.agencyId);
	return {
		name: actor.name,
		role: ROLE_LABELS[actor.role],
		agency: agency?.name ?? '',
		jurisdiction: jurisdiction?.name ?? '',
		timeZone: jurisdiction?.timezone ?? 'UTC',
		isDemo: jurisdiction?.isDemo ?? false,
		at: now.toISOString()
	};
}
