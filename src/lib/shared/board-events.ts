/** The socket.io events of the participant board. Payload types come from the domain's views. */
import type { ParticipantCard, ParticipantDetail, RosterView } from '../server/participants/views';
import type { Ack } from './errors';
import type { AgencyKind } from './roles';

export type { ParticipantCard, ParticipantDetail, RosterView };

/** Every change the board accepts, by name; the same names serve form actions and socket events. */
export const BOARD_OPERATIONS = [
	'referral.create',
	'eligibility.override',
	'status.change',
	'goal.add',
	'goal.update',
	'legal.add',
	'legal.update',
	'legal.chargingDecision',
	'deadline.outcome',
	'contact.add',
	'update.post',
	'participant.claim',
	'caseManager.assign',
	'defender.assign',
	'consent.record',
	'consent.renew',
	'consent.revoke'
] as const;
export type BoardOperation = (typeof BOARD_OPERATIONS)[number];

/** Who made a change, as every recipient may see it. */
export interface ChangedBy {
	name: string;
	agencyKind: AgencyKind;
}

export interface CardChange {
	card: ParticipantCard;
	seq: number;
	kind: string;
	by: ChangedBy | null;
	at: string;
}

export interface MutationReply {
	participantId: string;
	seq: number;
	[key: string]: unknown;
}

export interface BoardServerEvents {
	/** A participant changed; this is the card as this recipient may see it. */
	'board:card:v1': (change: CardChange) => void;
	/** A participant this recipient could see is no longer visible to them. */
	'board:removed:v1': (payload: { participantId: string; seq: number }) => void;
	/** The open participant page's detail, re-sent after a change, redacted for this recipient. */
	'participant:detail:v1': (payload: {
		detail: ParticipantDetail;
		seq: number;
		by: ChangedBy | null;
	}) => void;
}

export interface BoardClientEvents {
	'board:roster:v1': (
		query: unknown,
		ack: (reply: Ack<{ roster: RosterView; seq: number; since: string }>) => void
	) => void;
	/** Everything changed after `afterSeq` that this user may see (for a client that was offline). */
	'board:catchup:v1': (
		payload: unknown,
		ack: (reply: Ack<{ cards: ParticipantCard[]; removed: string[]; seq: number; hasMore: boolean }>) => void
	) => void;
	'board:mutate:v1': (payload: unknown, ack: (reply: Ack<MutationReply>) => void) => void;
	'participant:watch:v1': (payload: unknown, ack: (reply: Ack<ParticipantDetail>) => void) => void;
	'participant:unwatch:v1': (payload: unknown) => void;
}
