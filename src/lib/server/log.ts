/**
 * Application log: one JSON line per event, carrying ids and codes only. Participant data,
 * passwords, tokens and cookies never go in; callers pass identifiers, not records.
 */
type Fields = Record<string, string | number | boolean | undefined>;

const SECRET_KEYS = /pass|token|cookie|secret|authorization|^name$|email|note|body|text/i;

export function log(level: 'info' | 'warn' | 'error', event: string, fields: Fields = {}): void {
	if (process.env.LEAD_LOG === 'silent') return;
	const safe: Fields = {};
	for (const [key, value] of Object.entries(fields)) safe[key] = SECRET_KEYS.test(key) ? '[withheld]' : value;
	const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...safe });
	if (level === 'error') console.error(line);
	else console.log(line);
}
