/**
 * Load shedding: lag readings decide when the board sheds and when it recovers, and the shedder
 * measures real lag of this very process (made by blocking the test's own event loop), refuses
 * expensive work while it lasts (never in the warm-up after start), counts and logs it without
 * any participant data, and lets work through again by itself once the loop runs on time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { LoadShedder, SheddingState, type ShedChannel } from '../../src/lib/server/security/load-shedding';
import { EXPENSIVE_ROUTES } from '../../src/lib/server/http/expensive-routes';
import { waitFor } from '../helpers/wait';

/** Holds this process's event loop for `ms`: the test's own, deterministic lag. */
function blockFor(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// busy on purpose
	}
}

function recordingReport() {
	const shed: ShedChannel[] = [];
	const states: boolean[] = [];
	return {
		shed,
		states,
		report: { shed: (c: ShedChannel) => shed.push(c), shedding: (on: boolean) => states.push(on) }
	};
}

describe('the shedding decision', () => {
	it('starts after two readings over the threshold, not one', () => {
		const state = new SheddingState(100);
		expect(state.observe(400)).toBeNull();
		expect(state.observe(20)).toBeNull();
		expect(state.observe(150)).toBeNull();
		expect(state.shedding).toBe(false);
		expect(state.observe(101)).toBe('started');
		expect(state.shedding).toBe(true);
	});

	it('recovers after two readings under the threshold, not one', () => {
		const state = new SheddingState(100);
		state.observe(500);
		state.observe(500);
		expect(state.observe(10)).toBeNull();
		expect(state.observe(300)).toBeNull();
		expect(state.observe(100)).toBeNull();
		expect(state.shedding).toBe(true);
		expect(state.observe(5)).toBe('stopped');
		expect(state.shedding).toBe(false);
	});

	it('never sheds with a threshold of 0', () => {
		const state = new SheddingState(0);
		for (let i = 0; i < 5; i++) expect(state.observe(10_000)).toBeNull();
		expect(state.shedding).toBe(false);
	});
});

describe('the shedder on a lagging event loop', () => {
	let shedder: LoadShedder | undefined;
	afterEach(() => {
		shedder?.stop();
		vi.restoreAllMocks();
	});

	it('refuses expensive work while the loop lags and lets it through again once it runs on time', async () => {
		const lines: string[] = [];
		vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
		const { shed, states, report } = recordingReport();
		shedder = new LoadShedder(40, report, { lookMs: 100, warmUpMs: 0 });
		shedder.start();
		expect(shedder.admit('socket')).toBe(true);

		await waitFor(
			() => {
				blockFor(150);
				return shedder!.shedding;
			},
			{ timeout: 15_000, message: 'shedding under lag' }
		);
		expect(shedder.lagMs).toBeGreaterThan(40);
		expect(shedder.admit('socket')).toBe(false);
		expect(shedder.admit('http')).toBe(false);
		expect(shed).toEqual(['socket', 'http']);

		await waitFor(() => !shedder!.shedding, { timeout: 15_000, message: 'recovery once the lag is gone' });
		expect(shedder.admit('socket')).toBe(true);
		expect(shed).toHaveLength(2);
		expect(states).toEqual([true, false]);

		const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
		const started = events.find((e) => e.event === 'load.shedding_started');
		const stopped = events.find((e) => e.event === 'load.shedding_stopped');
		expect(started).toMatchObject({ level: 'warn', thresholdMs: 40 });
		expect(Object.keys(started!).sort()).toEqual(['event', 'lagMs', 'level', 't', 'thresholdMs']);
		expect(stopped).toMatchObject({ level: 'info', shed: 2 });
	});

	it('only reads the lag in the warm-up after it starts, and sheds for the same lag once warm', async () => {
		const { states, report } = recordingReport();
		shedder = new LoadShedder(40, report, { lookMs: 100, warmUpMs: 1_500 });
		shedder.start();
		let worst = 0;
		let shedWhileWarming = false;
		await waitFor(
			() => {
				blockFor(150);
				worst = Math.max(worst, shedder!.lagMs);
				shedWhileWarming ||= shedder!.shedding;
				return !shedder!.warmingUp;
			},
			{ timeout: 15_000, message: 'the end of the warm-up' }
		);
		expect(worst).toBeGreaterThan(40);
		expect(shedWhileWarming).toBe(false);
		expect(shedder.admit('socket')).toBe(true);
		expect(states).toEqual([]);

		await waitFor(
			() => {
				blockFor(150);
				return shedder!.shedding;
			},
			{ timeout: 15_000, message: 'shedding under the same lag after the warm-up' }
		);
		expect(states).toEqual([true]);
	});

	it('does not watch the loop at all when shedding is off', async () => {
		const { report } = recordingReport();
		shedder = new LoadShedder(0, report, { lookMs: 50 });
		shedder.start();
		for (let i = 0; i < 6; i++) {
			blockFor(120);
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(shedder.shedding).toBe(false);
		expect(shedder.lagMs).toBe(0);
		expect(shedder.admit('socket')).toBe(true);
	});
});

describe('the setting and the pages it protects', () => {
	it('sheds past 100 ms of lag unless LOAD_SHED_LAG_MS says otherwise; 0 turns it off', () => {
		expect(loadConfig({}).loadShedLagMs).toBe(100);
		expect(loadConfig({ LOAD_SHED_LAG_MS: '0' }).loadShedLagMs).toBe(0);
		expect(loadConfig({ LOAD_SHED_LAG_MS: '250' }).loadShedLagMs).toBe(250);
		expect(() => loadConfig({ LOAD_SHED_LAG_MS: '-5' })).toThrow(/LOAD_SHED_LAG_MS/);
	});

	it('names only routes that exist, so a renamed page is not silently left unprotected', () => {
		for (const route of EXPENSIVE_ROUTES) {
			expect(existsSync(join('src/routes', route)), route).toBe(true);
		}
	});
});
