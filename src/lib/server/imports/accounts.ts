/**
 * People in bulk: the administrator uploads a CSV of people (email, name, role, agency). A dry run
 * lists who would get an account and every row's problem; the real run creates the accounts, each
 * without a password and with a one-time sign-in link for the administrator to hand over. An email
 * that already has an account here is left as it is, so the same file twice creates nothing twice.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import type { Conn } from '../db';
import { agencies, user, type Agency } from '../db/schema';
import { issueInvitation } from '../invitations';
import { accountCreated, insertAccount, managesPeople } from '../users';
import {
	ACCOUNT_COLUMNS,
	type AccountColumn,
	type AccountImportReport,
	type RowProblem
} from '../../shared/imports';
import { ROLE_LABELS, type Role } from '../../shared/roles';
import { CellProblem, choice, choicesOf, text } from './cells';
import { fileImportInput, readCsv, type CsvRow } from './csv';

interface AccountEntry {
	line: number;
	name: string;
	email: string;
	role: Role;
	agency: Agency;
}

const ROLES = choicesOf(ROLE_LABELS);
const email = z.email().max(200);

interface Checked {
	entries: AccountEntry[];
	unchanged: { line: number; key: string }[];
	problems: RowProblem[];
}

/** Every row sorted into an account to create, an email already here, or a problem. */
function checkAccountRows(
	tx: Conn,
	jurisdictionId: string,
	rows: CsvRow<AccountColumn>[],
	problems: RowProblem[]
): Checked {
	const ofProgram = tx.select().from(agencies).where(eq(agencies.jurisdictionId, jurisdictionId)).all();
	const out: Checked = { entries: [], unchanged: [], problems: [...problems] };
	const seen = new Map<string, number>();
	for (const { line, cells } of rows) {
		const key = cells.email.toLowerCase();
		try {
			const entry = accountEntry(line, cells, ofProgram);
			const earlier = seen.get(entry.email);
			if (earlier) throw new CellProblem(`${entry.email} is on line ${earlier} already.`);
			seen.set(entry.email, line);
			const existing = tx
				.select({ jurisdictionId: user.jurisdictionId })
				.from(user)
				.where(eq(user.email, entry.email))
				.get();
			if (existing?.jurisdictionId === jurisdictionId) out.unchanged.push({ line, key: entry.email });
			else if (existing) throw new CellProblem('That email already has an account.');
			else out.entries.push(entry);
		} catch (error) {
			if (!(error instanceof CellProblem)) throw error;
			out.problems.push({ line, ...(key ? { key } : {}), message: error.message });
		}
	}
	out.problems.sort((a, b) => a.line - b.line);
	return out;
}

function accountEntry(line: number, c: Record<AccountColumn, string>, ofProgram: Agency[]): AccountEntry {
	const faults: string[] = [];
	const read = <T>(cell: () => T): T => {
		try {
			return cell();
		} catch (error) {
			if (!(error instanceof CellProblem)) throw error;
			faults.push(error.message);
			return undefined as T;
		}
	};
	const entry = {
		line,
		email: read(() => emailOf(c.email)),
		name: read(() => personName(c.name)),
		role: read(() => choice(c.role, ROLES, 'The role')),
		agency: read(() => agencyNamed(c.agency, ofProgram))
	};
	if (faults.length) throw new CellProblem(faults.join(' '));
	return entry;
}

function emailOf(cell: string): string {
	const parsed = email.safeParse(cell.toLowerCase());
	if (!parsed.success)
		throw new CellProblem(cell ? `"${cell}" is not an email address.` : 'The email is empty.');
	return parsed.data;
}

function personName(cell: string): string {
	const name = text(cell, 'The name', 120);
	if (name.length < 2) throw new CellProblem('The name is too short.');
	return name;
}

function agencyNamed(cell: string, ofProgram: Agency[]): Agency {
	const key = cell.trim().toLowerCase();
	const found = ofProgram.find((a) => a.name.toLowerCase() === key || a.shortName.toLowerCase() === key);
	if (!found) {
		throw new CellProblem(
			cell
				? `No agency named "${cell}" in this program: use one of ${ofProgram.map((a) => a.name).join(', ')}.`
				: 'The agency is empty.'
		);
	}
	return found;
}

/** The administrator's people upload; each account created is audited, and the import with its counts. */
export const importAccounts = defineCommand({
	name: 'accounts.import',
	input: fileImportInput,
	permit: managesPeople,
	audit: (_data, report?: AccountImportReport) =>
		report?.dryRun
			? null
			: {
					action: 'accounts.imported',
					objectType: 'jurisdiction',
					objectId: null,
					detail: report
						? {
								rows: report.rows,
								created: report.created.length,
								unchanged: report.unchanged.length,
								problems: report.problems.length
							}
						: undefined
				},
	run({ tx, actor, now, audit }, { file, dryRun }): AccountImportReport {
		const table = readCsv(file, ACCOUNT_COLUMNS);
		const checked = checkAccountRows(tx, actor.jurisdictionId, table.rows, table.problems);
		const invitations = [];
		for (const e of dryRun ? [] : checked.entries) {
			const data = { name: e.name, email: e.email, role: e.role, agencyId: e.agency.id };
			const created = insertAccount(tx, actor.jurisdictionId, data, null);
			audit({
				...accountCreated(data, created.id),
				detail: { role: e.role, agencyId: e.agency.id, imported: true }
			});
			const link = issueInvitation(tx, created.id, now);
			invitations.push({
				userId: created.id,
				name: e.name,
				email: e.email,
				token: link.token,
				expiresAt: link.expiresAt.toISOString()
			});
		}
		return {
			dryRun,
			rows: table.rows.length + table.problems.length,
			created: checked.entries.map((e) => ({
				line: e.line,
				name: e.name,
				email: e.email,
				role: ROLE_LABELS[e.role],
				agency: e.agency.name
			})),
			unchanged: checked.unchanged,
			problems: checked.problems,
			invitations
		};
	}
});
