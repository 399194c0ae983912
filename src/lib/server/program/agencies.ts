/**
 * The agencies of a program: police, prosecution, defence, case management, the program office,
 * the policy group and evaluators, each with a name, a short label and a colour. The colour is
 * never the only signal (the label always travels with it) and is used as text on white, so it
 * must be dark enough to read there.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { agencies } from '../db/schema';
import { DomainError, notFound } from '../errors';
import { can, type Actor } from '../policy';
import { ERROR_CODES } from '../../shared/errors';
import { AGENCY_KINDS, AGENCY_STYLE, type AgencyKind } from '../../shared/roles';

/** WCAG's contrast ratio of a colour against white. */
export function contrastOnWhite(hex: string): number {
	const channel = (i: number) => {
		const v = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
		return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
	};
	const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
	return 1.05 / (luminance + 0.05);
}

const colour = z
	.string()
	.trim()
	.regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour such as #1d4f91.')
	.transform((c) => c.toLowerCase())
	.refine((c) => contrastOnWhite(c) >= 4.5, 'Choose a darker colour: it must read as text on white (4.5:1).');

export const agencyInput = z.strictObject({
	name: z.string().trim().min(2, 'Give the agency its name.').max(120),
	shortName: z.string().trim().min(1, 'Give a short label.').max(24),
	kind: z.enum(AGENCY_KINDS, 'Choose what kind of agency this is.'),
	colour: colour.optional()
});
export const agencyUpdateInput = agencyInput.extend({ agencyId: z.string().min(1).max(64) });

export interface AgencyView {
	id: string;
	name: string;
	shortName: string;
	kind: AgencyKind;
	colour: string;
}

export function agenciesOf(db: Conn, jurisdictionId: string): AgencyView[] {
	return db
		.select()
		.from(agencies)
		.where(eq(agencies.jurisdictionId, jurisdictionId))
		.orderBy(asc(agencies.name))
		.all()
		.map((a) => ({
			id: a.id,
			name: a.name,
			shortName: a.shortName,
			kind: a.kind,
			colour: a.colour ?? AGENCY_STYLE[a.kind].colour
		}));
}

/** Two agencies of one program never share a name. */
function checkNameFree(tx: Conn, jurisdictionId: string, name: string, except?: string): void {
	const taken = tx
		.select({ id: agencies.id })
		.from(agencies)
		.where(
			and(
				eq(agencies.jurisdictionId, jurisdictionId),
				eq(agencies.name, name),
				...(except ? [ne(agencies.id, except)] : [])
			)
		)
		.get();
	if (taken) {
		throw new DomainError(ERROR_CODES.CONFLICT, 'Another agency already has that name.', {
			name: 'Another agency already has that name.'
		});
	}
}

const managesProgram = (actor: Actor) =>
	can(actor, 'program.manage', { jurisdictionId: actor.jurisdictionId });

const agencyEntry = (agencyId: string | null, kind: string | undefined) => ({
	action: 'program.agency_changed' as const,
	objectType: 'agency',
	objectId: agencyId,
	detail: { kind: kind ?? null }
});

export const addAgency = defineCommand({
	name: 'agency.add',
	input: agencyInput,
	permit: managesProgram,
	audit: (data, result?: AgencyView) => agencyEntry(result?.id ?? null, data.kind),
	run({ tx, actor, changes }, data): AgencyView {
		checkNameFree(tx, actor.jurisdictionId, data.name);
		const row = tx
			.insert(agencies)
			.values({ ...data, colour: data.colour ?? null, jurisdictionId: actor.jurisdictionId })
			.returning()
			.get();
		changes.program('agencies');
		return { ...row, colour: row.colour ?? AGENCY_STYLE[row.kind].colour };
	}
});

export const updateAgency = defineCommand({
	name: 'agency.update',
	input: agencyUpdateInput,
	permit: managesProgram,
	audit: (data) => agencyEntry(data.agencyId ?? null, data.kind),
	run({ tx, actor, changes }, { agencyId, ...data }): AgencyView {
		const row = tx.select().from(agencies).where(eq(agencies.id, agencyId)).get();
		if (!row || row.jurisdictionId !== actor.jurisdictionId) throw notFound('Agency');
		checkNameFree(tx, actor.jurisdictionId, data.name, agencyId);
		tx.update(agencies)
			.set({ ...data, colour: data.colour ?? null })
			.where(eq(agencies.id, agencyId))
			.run();
		changes.program('agencies');
		return { id: agencyId, ...data, colour: data.colour ?? AGENCY_STYLE[data.kind].colour };
	}
});
