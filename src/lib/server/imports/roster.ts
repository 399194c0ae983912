/**
 * Importing a program's roster from its spreadsheet: one command (`roster.import`) over every row
 * of the file, in one transaction, used by the upload page; and the same work for the operator at
 * the command line (`npm run roster:import`), audited with no actor. A row with a problem imports
 * nothing and is reported with its line; a code already on the board is left as it is, so the
 * same file imported twice changes nothing the second time.
 */
import { eq } from 'drizzle-orm';
import { actorFields, recordAudit, type AuditEntryInput } from '../audit';
import { defineCommand, type AuditSubject } from '../commands/command';
import { parseInput } from '../commands/kernel';
import type { Conn, Db } from '../db';
import { user } from '../db/schema';
import { participants } from '../db/participants.schema';
import { can, type Actor } from '../policy';
import { programOf, type Program } from '../program/settings';
import { OPERATOR_ID } from '../participants/staff';
import { ROSTER_COLUMNS, type RosterImportReport } from '../../shared/imports';
import { isoToZonedLocal } from '../../shared/zoned';
import { fileImportInput, readCsv } from './csv';
import { checkRosterRows, type RosterContext } from './roster-rows';
import { insertRoster, type Author } from './roster-insert';
import { inWrite } from '../db/write';

const OPERATOR: Author = { userId: OPERATOR_ID, agencyKind: 'program' };

/** Checks a roster file against the program and, unless it is a dry run, imports its good rows. */
export function importRoster(
	tx: Conn,
	jurisdictionId: string,
	author: Author,
	input: { file: Uint8Array; dryRun: boolean },
	now: Date
): RosterImportReport {
	const program = programOf(tx, jurisdictionId);
	const table = readCsv(input.file, ROSTER_COLUMNS);
	const checked = checkRosterRows(table, rosterContext(tx, program, now));
	if (!input.dryRun) insertRoster(tx, program, author, checked.entries, now);
	return {
		dryRun: input.dryRun,
		rows: table.rows.length + table.problems.length,
		imported: checked.entries.length,
		unchanged: checked.unchanged,
		problems: checked.problems
	};
}

function rosterContext(tx: Conn, program: Program, now: Date): RosterContext {
	const staff = tx
		.select({ id: user.id, email: user.email, role: user.role, disabled: user.disabled })
		.from(user)
		.where(eq(user.jurisdictionId, program.jurisdictionId))
		.all();
	const codes = tx
		.select({ code: participants.code })
		.from(participants)
		.where(eq(participants.jurisdictionId, program.jurisdictionId))
		.all();
	return {
		settings: program.settings,
		staff: new Map(staff.map((s) => [s.email.toLowerCase(), s])),
		existingCodes: new Set(codes.map((c) => c.code)),
		today: isoToZonedLocal(now, program.timezone).slice(0, 10)
	};
}

/** The audit entry of an import: counts only, never anything from a row. */
function imported(report: RosterImportReport | undefined): AuditSubject {
	return {
		action: 'roster.imported',
		objectType: 'jurisdiction',
		objectId: null,
		detail: report
			? {
					rows: report.rows,
					imported: report.imported,
					unchanged: report.unchanged.length,
					problems: report.problems.length
				}
			: undefined
	};
}

/**
 * The roster upload (the program's administrator or facilitator). A dry run changes nothing and
 * records nothing; an import is audited with its counts, and every open board catches up.
 */
export const importRosterCommand = defineCommand({
	name: 'roster.import',
	input: fileImportInput,
	permit: (actor: Actor) => can(actor, 'roster.import', { jurisdictionId: actor.jurisdictionId }),
	audit: (_data, report?: RosterImportReport) => (report?.dryRun ? null : imported(report)),
	run({ tx, actor, now, changes }, data): RosterImportReport {
		const report = importRoster(tx, actor.jurisdictionId, actor, data, now);
		if (!report.dryRun && report.imported) changes.program('roster.import');
		return report;
	}
});

/**
 * The same import for the operator at the command line, where nobody is signed in: audited with
 * no actor, in the import's own transaction (no import without its entry).
 */
export function importRosterAsOperator(
	db: Db,
	jurisdictionId: string,
	input: unknown,
	now = new Date()
): RosterImportReport {
	const data = parseInput(fileImportInput, input);
	return inWrite(db, () => {
		const report = importRoster(db, jurisdictionId, OPERATOR, data, now);
		if (!report.dryRun) {
			const entry: AuditEntryInput = {
				...actorFields(null),
				jurisdictionId,
				sourceAddress: null,
				...imported(report),
				outcome: 'success'
			};
			recordAudit(db, entry, now);
		}
		return report;
	});
}
