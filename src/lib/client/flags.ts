/** A card's flags as the words people read at a glance, most urgent first. */
import type { ParticipantCard } from '$lib/shared/board-events';
import { FLAG_LABELS } from '$lib/shared/participant-labels';
import type { RosterFlag } from '$lib/shared/participant-values';
import { formatDay } from './format';

/** Most urgent first: a missed deadline before a closing one, court before news. */
const FLAG_ORDER: readonly RosterFlag[] = [
	'assessment_overdue',
	'assessment_due_soon',
	'court_within_14_days',
	'new_police_contact_since_last_meeting',
	'unable_to_locate_30_days',
	'flagged_for_discussion',
	'updated_since_last_meeting'
];

export function byUrgency(flags: readonly RosterFlag[]): RosterFlag[] {
	return [...flags].sort((a, b) => FLAG_ORDER.indexOf(a) - FLAG_ORDER.indexOf(b));
}

/** "Assessment due in 5 days", "Court Dec 12", "New police contact". */
export function flagWords(card: ParticipantCard, flag: RosterFlag, timeZone: string): string {
	const days = card.assessment?.daysLeft ?? 0;
	const plural = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
	switch (flag) {
		case 'assessment_overdue':
			return `Assessment overdue ${plural(Math.abs(days))}`;
		case 'assessment_due_soon':
			return days === 0 ? 'Assessment due today' : `Assessment due in ${plural(days)}`;
		case 'court_within_14_days':
			return `Court ${formatDay(card.nextCourtDate, timeZone)}`;
		case 'unable_to_locate_30_days':
			return `Unable to locate ${plural(Math.floor((Date.now() - Date.parse(card.statusSince)) / 86_400_000))}`;
		default:
			return FLAG_LABELS[flag];
	}
}
