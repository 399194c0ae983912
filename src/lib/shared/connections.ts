/** Who is on the board or in a meeting right now, as every recipient sees them, and why the server ends a connection. */
import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { AGENCY_KINDS, ROLES } from './roles';

export const presentUserSchema = z.strictObject({
	userId: z.string(),
	name: z.string(),
	role: z.enum(ROLES),
	agencyName: z.string(),
	agencyShort: z.string(),
	agencyKind: z.enum(AGENCY_KINDS),
	/** Number of open tabs or devices this user has on the board. */
	connections: z.int()
});
export type PresentUser = z.infer<typeof presentUserSchema>;

/** Who has one meeting open, with agency. */
export const meetingPresenceSchema = z.strictObject({
	meetingId: z.string(),
	people: z.array(presentUserSchema)
});
export type MeetingPresence = z.infer<typeof meetingPresenceSchema>;

/** The server is closing this connection and says why (sign-out, role change, expiry). */
export const sessionEndedSchema = z.strictObject({
	code: z.enum(ERROR_CODES),
	message: z.string()
});
export type SessionEnded = z.infer<typeof sessionEndedSchema>;
