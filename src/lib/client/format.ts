/** Dates as people in the meeting read them, in the jurisdiction's own time zone. */
export function formatDay(iso: string | null | undefined, timeZone: string): string {
	if (!iso) return '—';
	return new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
	if (!iso) return '—';
	return new Intl.DateTimeFormat('en-US', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}

/** "just now", "4 min ago", "3 h ago", or the date. */
export function relative(iso: string, timeZone: string, now = Date.now()): string {
	const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
	if (seconds < 45) return 'just now';
	if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
	if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
	return formatDay(iso, timeZone);
}

export const nowIso = (): string => new Date().toISOString();
