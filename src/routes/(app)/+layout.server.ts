import { error } from '@sveltejs/kit';
import { unreadCount } from '$lib/server/notifications';
import { can } from '$lib/server/policy';
import { getJurisdiction, listAgencies } from '$lib/server/users';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, depends }) => {
	depends('app:notifications');
	const actor = locals.actor;
	if (!actor) error(401, 'Sign in to use the board.');
	const { db } = locals.services;
	const jurisdiction = getJurisdiction(db, actor.jurisdictionId);
	if (!jurisdiction) error(500, 'Your jurisdiction is missing.');
	const agency = listAgencies(db, actor.jurisdictionId).find((a) => a.id === actor.agencyId);
	return {
		me: {
			userId: actor.userId,
			name: actor.name,
			role: actor.role,
			agencyKind: actor.agencyKind,
			agencyName: agency?.name ?? ''
		},
		notifications: { unread: unreadCount(db, actor) },
		jurisdiction: { name: jurisdiction.name, isDemo: jurisdiction.isDemo, timezone: jurisdiction.timezone },
		nav: {
			board: can(actor, 'roster.view', { jurisdictionId: actor.jurisdictionId }),
			admin: can(actor, 'users.manage', { jurisdictionId: actor.jurisdictionId }),
			program:
				can(actor, 'program.manage', { jurisdictionId: actor.jurisdictionId }) ||
				can(actor, 'rules.history', { jurisdictionId: actor.jurisdictionId }),
			rosterImport: can(actor, 'roster.import', { jurisdictionId: actor.jurisdictionId }),
			audit: can(actor, 'audit.view', { jurisdictionId: actor.jurisdictionId }),
			figures: can(actor, 'figures.read', { jurisdictionId: actor.jurisdictionId }),
			evaluation: can(actor, 'evaluation.view', { jurisdictionId: actor.jurisdictionId })
		}
	};
};
