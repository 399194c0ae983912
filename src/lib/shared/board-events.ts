/**
 * The socket.io events of the participant board and the operations it accepts. The payloads the
 * server sends on them are defined in `participant-views.ts`.
 */
import type { Ack } from './errors';
import type {
	CardChange,
	CardRemoved,
	CatchupReply,
	DetailChange,
	MutationReply,
	ParticipantDetail,
	RosterReply
} from './participant-views';

export type {
	CardChange,
	ChangedBy,
	MutationReply,
	ParticipantCard,
	ParticipantDetail,
	RosterView
} from './participant-views';

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

export interface BoardServerEvents {
	/** A participant changed; this is the card as this recipient may see it. */
	'board:card:v1': (change: CardChange) => void;
	'board:removed:v1': (payload: CardRemoved) => void;
	'participant:detail:v1': (payload: DetailChange) => void;
}

export interface BoardClientEvents {
	'board:roster:v1': (query: unknown, ack: (reply: Ack<RosterReply>) => void) => void;
	/** Everything changed after `afterSeq` that this user may see (for a client that was offline). */
	'board:catchup:v1': (payload: unknown, ack: (reply: Ack<CatchupReply>) => void) => void;
	'board:mutate:v1': (payload: unknown, ack: (reply: Ack<MutationReply>) => void) => void;
	'participant:watch:v1': (payload: unknown, ack: (reply: Ack<ParticipantDetail>) => void) => void;
	'participant:unwatch:v1': (payload: unknown) => void;
}
