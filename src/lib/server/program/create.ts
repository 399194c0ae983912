/**
 * Standing up a new program from the command line: the operator who hosts the board creates a
 * jurisdiction, with its time zone, assessment window and eligibility rules started from a
 * template, before anyone can sign in to it. Nobody is signed in, so it is audited with no actor.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { actorFields, recordAudit } from '../audit';
import { parseInput } from '../commands/kernel';
import type { Conn } from '../db';
import { jurisdictions } from '../db/schema';
import { DomainError } from '../errors';
import { installRuleSet } from '../participants/eligibility';
import { RULE_TEMPLATES, RULE_TEMPLATE_NAMES, type RuleTemplate } from '../participants/rule-sets';
import { slugify } from '../setup';
import { ERROR_CODES } from '../../shared/errors';
import { DEFAULT_PROGRAM_SETTINGS } from '../../shared/program-settings';
import { timeZoneSchema } from './settings';
import { inWrite } from '../db/write';

export const newJurisdictionInput = z.strictObject({
	name: z.string().trim().min(2, 'Give the jurisdiction a name.').max(120),
	timezone: timeZoneSchema,
	rules: z.enum(RULE_TEMPLATE_NAMES as [RuleTemplate, ...RuleTemplate[]], {
		error: `Choose rules to start from: ${RULE_TEMPLATE_NAMES.join(', ')}.`
	}),
	assessmentDays: z
		.int('The assessment window is a whole number of days.')
		.min(0, 'Use 0 for no assessment deadline.')
		.max(90, 'The assessment window is at most 90 days.')
		.optional()
});
export type NewJurisdiction = z.input<typeof newJurisdictionInput>;

export interface CreatedJurisdiction {
	jurisdictionId: string;
	name: string;
	timezone: string;
	assessmentWindowDays: number;
	rules: { name: string; version: number };
}

export function createJurisdiction(db: Conn, input: unknown, now = new Date()): CreatedJurisdiction {
	const data = parseInput(newJurisdictionInput, input);
	const template = RULE_TEMPLATES[data.rules];
	const slug = slugify(data.name);
	return inWrite(db, () => {
		if (db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.slug, slug)).get()) {
			throw new DomainError(ERROR_CODES.CONFLICT, `A jurisdiction named ${data.name} exists already.`, {
				name: 'That name is taken.'
			});
		}
		const assessmentWindowDays = data.assessmentDays ?? template.windowDays;
		const { id } = db
			.insert(jurisdictions)
			.values({
				name: data.name,
				slug,
				timezone: data.timezone,
				assessmentWindowDays,
				settings: { ...DEFAULT_PROGRAM_SETTINGS, pathways: [...template.pathways] },
				createdAt: now
			})
			.returning({ id: jurisdictions.id })
			.get();
		const version = installRuleSet(db, id, template.rules, now, {
			note: `Started from the ${data.rules} template.`
		});
		recordAudit(
			db,
			{
				...actorFields(null),
				jurisdictionId: id,
				sourceAddress: null,
				action: 'jurisdiction.created',
				objectType: 'jurisdiction',
				objectId: id,
				outcome: 'success',
				detail: { rules: data.rules, assessmentWindowDays }
			},
			now
		);
		return {
			jurisdictionId: id,
			name: data.name,
			timezone: data.timezone,
			assessmentWindowDays,
			rules: { name: template.rules.name, version }
		};
	});
}
