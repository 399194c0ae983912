/** What the referral form is told of the people the program already knows who may be the person referred. */
import type { ParticipantStatus } from './participant-values';

export interface KnownPerson {
	participantId: string;
	code: string;
	legalName: string;
	aliases: string[];
	dateOfBirth: string | null;
	status: ParticipantStatus;
	/** May this person come back by a new referral on this record (they left, or were screened out)? */
	mayReferAgain: boolean;
	version: number;
	/** What matched, in words: "Same name", "Same date of birth". */
	because: string[];
}

export interface PossibleMatches {
	people: KnownPerson[];
	/** Matches this person may not see the identity of: the facilitator resolves those. */
	undisclosed: number;
}
