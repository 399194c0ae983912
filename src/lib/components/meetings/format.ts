/** How meeting screens write times: a meeting's date, a timer's minutes and seconds. */
export function meetingWhen(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('en-US', {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function clock(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A local day ("2026-05-20") as "20 May". */
export function dueDay(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
		Date.UTC(y, m - 1, d)
	);
}
