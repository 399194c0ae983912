/** The main navigation's pages, and which one the person is on. */

/** Every page the main navigation links to. */
export type NavRoute =
	| '/'
	| '/board'
	| '/meetings'
	| '/figures'
	| '/admin/program'
	| '/admin/users'
	| '/admin/roster'
	| '/evaluation'
	| '/admin/audit';

export interface NavLink {
	route: NavRoute;
	label: string;
}

/** Pages for setting up and keeping the program, gathered under one menu when a person has several. */
export const SETUP_ROUTES: ReadonlySet<NavRoute> = new Set<NavRoute>([
	'/admin/program',
	'/admin/users',
	'/admin/roster',
	'/evaluation',
	'/admin/audit'
]);

/** The person is on this page, or on one beneath it. */
export function isCurrent(pathname: string, route: NavRoute): boolean {
	return pathname === route || pathname.startsWith(`${route}/`);
}
