/**
 * A jurisdiction's program as the board runs it: its name, time zone, assessment window and
 * program settings, read with defaults under them, and the administrator's command that changes
 * them (validated and audited; every open screen is told to refresh).
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { prepared } from '../db/prepared';
import { jurisdictions } from '../db/schema';
import { notFound } from '../errors';
import { can, type Actor } from '../policy';
import { programSettingsSchema, withDefaults, type ProgramSettings } from '../../shared/program-settings';

export interface Program {
	jurisdictionId: string;
	name: string;
	timezone: string;
	/** Days an arrest-diversion referral has to complete its assessment; 0 means no deadline. */
	assessmentWindowDays: number;
	isDemo: boolean;
	settings: ProgramSettings;
}

export function programOf(db: Conn, jurisdictionId: string): Program {
	const j = jurisdictionById(db).get({ id: jurisdictionId });
	if (!j) throw notFound('Jurisdiction');
	return {
		jurisdictionId: j.id,
		name: j.name,
		timezone: j.timezone,
		assessmentWindowDays: j.assessmentWindowDays,
		isDemo: j.isDemo,
		settings: settingsOf(j.id, j.storedSettings)
	};
}

const jurisdictionById = prepared((db) =>
	db
		.select({
			id: jurisdictions.id,
			name: jurisdictions.name,
			timezone: jurisdictions.timezone,
			assessmentWindowDays: jurisdictions.assessmentWindowDays,
			isDemo: jurisdictions.isDemo,
			// As stored: read on every change, and parsed only when it differs from the last read.
			storedSettings: sql<string | null>`${jurisdictions.settings}`
		})
		.from(jurisdictions)
		.where(eq(jurisdictions.id, sql.placeholder('id')))
		.prepare()
);

/** Each jurisdiction's stored settings as last read, and what they validated to. */
const validated = new Map<string, { stored: string; settings: ProgramSettings }>();

/**
 * The stored settings with defaults under them, validated once per version of what is stored
 * (every change redraws a card with them; the settings change rarely).
 */
function settingsOf(jurisdictionId: string, stored: string | null): ProgramSettings {
	const key = stored ?? 'null';
	const known = validated.get(jurisdictionId);
	if (known?.stored === key) return known.settings;
	const settings = withDefaults(JSON.parse(key));
	validated.set(jurisdictionId, { stored: key, settings });
	return settings;
}

/** An IANA time zone this server knows, such as America/Denver. */
export const timeZoneSchema = z
	.string()
	.trim()
	.min(1, 'Choose a time zone.')
	.refine(isTimeZone, 'Use a time zone such as America/Denver.');

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** "Woman\nMan" (one per line, as a form's text box sends them) as recorded categories. */
const categoryLines = z.string().transform((text) =>
	text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((label) => ({ value: slug(label), label }))
);

function slug(label: string): string {
	return (
		label
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'other'
	);
}

const settingsShape = programSettingsSchema.shape;

/** Percent boxes by category; a box left empty records no share rather than 0%. */
const shareBoxes = z
	.record(z.string(), z.union([z.number(), z.string().trim()]))
	.default({})
	.transform((boxes) =>
		Object.fromEntries(
			Object.entries(boxes)
				.filter(([, value]) => value !== '')
				.map(([category, value]) => [category, Number(value)])
		)
	)
	.pipe(z.record(z.string(), z.number('Give each share as a number.').min(0).max(100)));

export const programSettingsInput = z
	.strictObject({
		name: z.string().trim().min(2, 'Give the program a name.').max(120),
		timezone: timeZoneSchema,
		assessmentWindowDays: z
			.int('The assessment window must be a whole number of days.')
			.min(0, 'Use 0 for no deadline.')
			.max(90, 'The assessment window is at most 90 days.'),
		...settingsShape,
		genders: z.union([settingsShape.genders, categoryLines.pipe(settingsShape.genders)]),
		populationShares: z
			.strictObject({ raceEthnicity: shareBoxes, gender: shareBoxes })
			.default({ raceEthnicity: {}, gender: {} })
	})
	.refine((s) => s.caseloadCap >= s.caseloadTarget, {
		path: ['caseloadCap'],
		message: 'The caseload cap cannot be below the target.'
	});

const managesProgram = (actor: Actor) =>
	can(actor, 'program.manage', { jurisdictionId: actor.jurisdictionId });

/** The administrator changes the program's settings; clocks already running keep their deadline. */
export const updateProgramSettings = defineCommand({
	name: 'program.settings',
	input: programSettingsInput,
	permit: managesProgram,
	audit: (data) => ({
		action: 'program.settings_changed',
		objectType: 'jurisdiction',
		objectId: null,
		detail: {
			assessmentWindowDays: data.assessmentWindowDays ?? null,
			pathways: data.pathways?.join(',') ?? null
		}
	}),
	run({ tx, actor, changes }, data): Program {
		const { name, timezone, assessmentWindowDays, ...settings } = data;
		tx.update(jurisdictions)
			.set({ name, timezone, assessmentWindowDays, settings })
			.where(eq(jurisdictions.id, actor.jurisdictionId))
			.run();
		changes.program('program.settings');
		return programOf(tx, actor.jurisdictionId);
	}
});
