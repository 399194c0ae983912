/**
 * Application log: one JSON line per event, carrying ids and codes only. Participant data,
 * passwords, tokens and cookies never go in; callers pass identifiers, not records.
 */
import { format } from 'node:util';

type Fields = Record<string, string | number | boolean | undefined>;

const SECRET_KEYS = /pass|token|cookie|secret|authorization|^name$|email|note|body|text/i;

export function log(level: 'info' | 'warn' | 'error', event: string, fields: Fields = {}): void {
	if (process.env.LEAD_LOG === 'silent') return;
	const safe: Fields = {};
	for (const [key, value] of Object.entries(fields)) safe[key] = SECRET_KEYS.test(key) ? '[withheld]' : value;
	const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...safe });
	if (level === 'error') print.error(line);
	else print.out(line);
}

/** Where lines are printed: the console as it is, until `logConsoleAsJson` takes it over. */
let print = {
	out: (line: string) => console.log(line),
	error: (line: string) => console.error(line)
};

/** Node's own warnings (deprecations and the like) as the board's JSON lines, not plain text. */
export function logNodeWarningsAsJson(): void {
	process.removeAllListeners('warning');
	process.on('warning', (warning) =>
		log('warn', 'node.warning', { name: warning.name, message: warning.message })
	);
}

/**
 * Anything else the server prints through the console (a library's own error report, say)
 * becomes one of the board's JSON lines too: `console.message`, at the console method's level,
 * its text cut short and with anything shaped like an email address withheld. Answers a function
 * that gives the console back.
 */
export function logConsoleAsJson(): () => void {
	const original = {
		log: console.log,
		info: console.info,
		debug: console.debug,
		warn: console.warn,
		error: console.error
	};
	const before = print;
	print = { out: original.log.bind(console), error: original.error.bind(console) };
	const asLine =
		(level: 'info' | 'warn' | 'error') =>
		(...args: unknown[]) =>
			log(level, 'console.message', { message: withheld(format(...args)) });
	console.log = console.info = console.debug = asLine('info');
	console.warn = asLine('warn');
	console.error = asLine('error');
	return () => {
		Object.assign(console, original);
		print = before;
	};
}

/** A message of a library's, with anything shaped like an email address withheld, cut short. */
export function withheld(message: string): string {
	return message.replace(/[^\s@]+@[^\s@]+/g, '[withheld]').slice(0, 500);
}
