/**
 * What a library prints through the console on the running board (Better Auth's router reports an
 * unexpected failure with `console.error('# SERVER_ERROR: ', error)`) reaches the log as one of the
 * board's JSON lines, with email addresses withheld, and the board's own lines stay as they are.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log, logConsoleAsJson } from '../../src/lib/server/log';

let giveBack: (() => void) | undefined;

afterEach(() => {
	giveBack?.();
	giveBack = undefined;
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

/** Captures what reaches the process's console underneath, as the terminal or service log would get it. */
function captureConsole() {
	const printed: { stream: 'out' | 'error'; line: string }[] = [];
	vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push({ stream: 'out', line }));
	vi.spyOn(console, 'error').mockImplementation(
		(line: string) => void printed.push({ stream: 'error', line })
	);
	return printed;
}

describe('console output on the running board', () => {
	it('becomes a JSON line at the console method’s level, with an email address withheld', () => {
		vi.stubEnv('LEAD_LOG', 'info');
		const printed = captureConsole();
		giveBack = logConsoleAsJson();

		console.error('# SERVER_ERROR: ', new Error('no such column for jordan.ortiz@county.gov'));
		console.warn('a deprecated option');
		console.info('ready');

		expect(printed.map((p) => p.stream)).toEqual(['error', 'out', 'out']);
		const lines = printed.map((p) => JSON.parse(p.line) as Record<string, string>);
		expect(lines.map((l) => [l.level, l.event])).toEqual([
			['error', 'console.message'],
			['warn', 'console.message'],
			['info', 'console.message']
		]);
		expect(lines[0].message).toMatch(/^# SERVER_ERROR: {2}Error: no such column for \[withheld\]/);
		expect(lines[0].message).not.toContain('county.gov');
		expect(lines[0].message.length).toBeLessThanOrEqual(500);
		expect(lines[1].message).toBe('a deprecated option');
	});

	it('leaves the board’s own lines as they are, once each', () => {
		vi.stubEnv('LEAD_LOG', 'info');
		const printed = captureConsole();
		giveBack = logConsoleAsJson();

		log('error', 'board.fanout_failed', { participant: 'p-1' });

		expect(printed).toHaveLength(1);
		expect(printed[0].stream).toBe('error');
		expect(JSON.parse(printed[0].line)).toMatchObject({ level: 'error', event: 'board.fanout_failed' });
	});

	it('gives the console back', () => {
		const before = console.error;
		giveBack = logConsoleAsJson();
		expect(console.error).not.toBe(before);
		giveBack();
		giveBack = undefined;
		expect(console.error).toBe(before);
	});
});
