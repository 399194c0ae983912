/** What the referral form's look-up of a returning person answers (see `server/participants/matches.ts`). */
import type { ParticipantStatus } from './participant-values';

/** A person already on the board who may be the one being referred. */
export interface PossibleMatch {
	participantId: string;
	code: string;
	legalName: string;
	aliases: string[];
	dateOfBirth: string | null;
	status: ParticipantStatus;
	version: number;
	/** Exited, inactive or screened out: "refer this person again" re-opens this record. */
	mayReferAgain: boolean;
}

export interface MatchResult {
	matches: PossibleMatch[];
	/** Matches whose identity this actor may not see: a possible duplicate, nothing more. */
	hidden: number;
}
