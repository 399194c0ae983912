/**
 * First set-up of a jurisdiction and its agencies, shared by the demo seed and the
 * `user:create` command that real installations use for their first admin.
 */
import { and, eq } from 'drizzle-orm';
import type { AgencyKind } from '../shared/roles';
import type { Db } from './db';
import { agencies, jurisdictions } from './db/schema';

export interface JurisdictionInput {
	name: string;
	slug: string;
	timezone: string;
	assessmentWindowDays?: number;
	isDemo?: boolean;
	settings?: unknown;
}

export function ensureJurisdiction(db: Db, input: JurisdictionInput) {
	const existing = db.select().from(jurisdictions).where(eq(jurisdictions.slug, input.slug)).get();
	if (existing) return existing;
	Intl.DateTimeFormat('en-US', { timeZone: input.timezone }); // throws on an unknown time zone
	return db.insert(jurisdictions).values(input).returning().get();
}

export function ensureAgency(
	db: Db,
	jurisdictionId: string,
	input: { name: string; shortName: string; kind: AgencyKind }
) {
	const existing = db
		.select()
		.from(agencies)
		.where(and(eq(agencies.jurisdictionId, jurisdictionId), eq(agencies.name, input.name)))
		.get();
	return (
		existing ??
		db
			.insert(agencies)
			.values({ ...input, jurisdictionId })
			.returning()
			.get()
	);
}

export function slugify(name: string): string {
	return (
		name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 60) || 'jurisdiction'
	);
}
