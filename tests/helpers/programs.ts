/**
 * A second program on a test board's database, made the way an operator makes one: with the
 * board's own `jurisdiction:create` and `user:create` commands, before the board starts on the file.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AgencyKind, Role } from '../../src/lib/shared/roles';

const run = promisify(execFile);

/** The password every account of a program made here signs in with. */
export const PROGRAM_PASSWORD = 'santa fe first password';

export interface ProgramAccount {
	email: string;
	role: Role;
	agency: string;
	agencyKind: AgencyKind;
}

/** Runs one of the board's npm commands on the database in `dir`, as an operator would. */
export function npmCommand(dir: string, script: string, args: string[], env: Record<string, string> = {}) {
	return run('npm', ['run', '-s', script, '--', ...args], {
		env: { ...process.env, DATABASE_PATH: join(dir, 'board.sqlite'), LEAD_LOG: 'silent', ...env }
	});
}

/** Creates the program and its accounts (named "<program> <role>"); answers what the command printed. */
export async function createProgram(
	dir: string,
	program: { name: string; timezone: string; rules: string; assessmentDays: number },
	accounts: ProgramAccount[]
): Promise<string> {
	const created = await npmCommand(dir, 'jurisdiction:create', [
		'--name',
		program.name,
		'--timezone',
		program.timezone,
		'--rules',
		program.rules,
		'--assessment-days',
		String(program.assessmentDays)
	]);
	for (const account of accounts) {
		await npmCommand(
			dir,
			'user:create',
			[
				'--email',
				account.email,
				'--name',
				`${program.name} ${account.role}`,
				'--role',
				account.role,
				'--jurisdiction',
				program.name,
				'--agency',
				account.agency,
				'--agency-kind',
				account.agencyKind
			],
			{ LEAD_NEW_PASSWORD: PROGRAM_PASSWORD }
		);
	}
	return created.stdout;
}
