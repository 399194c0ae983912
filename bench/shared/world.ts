/**
 * A benchmark's database: the demo program in a temporary SQLite file plus one account of its own
 * for every bench client, spread over the roles that work the board, so each client is a distinct
 * person with that person's own view and own allowance, as on a real board. Shared by the board
 * and fairness benches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../../src/lib/server/config';
import { agencies, jurisdictions } from '../../src/lib/server/db/schema';
import { DEMO_JURISDICTION, DEMO_PASSWORD, seedDemo } from '../../src/lib/server/demo/seed';
import { WORKGROUP } from '../../src/lib/server/policy/roles';
import { createServices } from '../../src/lib/server/services';
import { createUserAsOperator } from '../../src/lib/server/users';
import { USUAL_AGENCY_KIND, type Role } from '../../src/lib/shared/roles';
import { signIn } from '../../tests/helpers/board';

/** The workgroup's roles, who see every card on the board, so every client receives every change. */
const BOARD_ROLES = WORKGROUP;

export interface BenchWorld {
	dir: string;
	databasePath: string;
	/** Sign-in addresses of the bench's own accounts, in order; all use the demo password. */
	emails: string[];
	password: string;
	remove(): void;
}

/** Seeds the demo and `accounts` more people; the first is a police officer (the writer). */
export async function buildWorld(accounts: number): Promise<BenchWorld> {
	const dir = mkdtempSync(join(tmpdir(), 'lead-bench-world-'));
	const databasePath = join(dir, 'board.sqlite');
	const services = createServices(loadConfig({ DATABASE_PATH: databasePath, LEAD_MODE: 'demo' }));
	try {
		await seedDemo(services);
		const { db } = services;
		const jurisdiction = db
			.select()
			.from(jurisdictions)
			.where(eq(jurisdictions.slug, DEMO_JURISDICTION.slug))
			.get();
		if (!jurisdiction) throw new Error('the demo jurisdiction was not seeded');
		const agencyOf = (role: Role) => {
			const kind = USUAL_AGENCY_KIND[role];
			const agency = db
				.select()
				.from(agencies)
				.where(and(eq(agencies.jurisdictionId, jurisdiction.id), eq(agencies.kind, kind)))
				.get();
			if (!agency) throw new Error(`the demo has no ${kind} agency`);
			return agency.id;
		};
		const emails: string[] = [];
		for (let i = 0; i < accounts; i++) {
			const role = BOARD_ROLES[i % BOARD_ROLES.length];
			const email = `bench-${String(i).padStart(3, '0')}@bench.test`;
			const input = {
				name: `Bench Person ${i}`,
				email,
				role,
				agencyId: agencyOf(role),
				password: DEMO_PASSWORD
			};
			await createUserAsOperator(services, jurisdiction.id, input);
			emails.push(email);
		}
		return {
			dir,
			databasePath,
			emails,
			password: DEMO_PASSWORD,
			remove: () => rmSync(dir, { recursive: true, force: true })
		};
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	} finally {
		services.close();
	}
}

/** Signs every account in (password and the system-use notice), a few at a time; the cookies in order. */
export async function signInAll(
	origin: string,
	emails: string[],
	password: string,
	lanes = 4
): Promise<string[]> {
	const cookies: string[] = new Array(emails.length);
	let next = 0;
	const lane = async () => {
		while (next < emails.length) {
			const i = next++;
			cookies[i] = await signIn({ origin }, emails[i], password);
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	return cookies;
}
