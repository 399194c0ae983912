/**
 * The system-use notice every session acknowledges after sign-in, before the board shows anything
 * else (CJIS and state practice for systems holding criminal justice information). The
 * acknowledgement is stored on the session, so a new sign-in asks again.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { session } from '../db/schema';

export const SYSTEM_USE_NOTICE = {
	title: 'Authorized use only',
	paragraphs: [
		'You are about to use the LEAD workgroup board, operated for this jurisdiction’s Law Enforcement Assisted Diversion program. It holds criminal justice information and confidential health information about program participants, including substance use disorder treatment records.',
		'Use it only for the work of the program and only as far as your role and the participants’ consent allow. Unauthorized use, or use beyond your authorization, is prohibited and may lead to disciplinary action and to civil and criminal penalties.',
		'Use of this system is monitored, recorded and audited: every sign-in, every participant record you open and every change you make is logged with your name, role, agency and network address. You have no expectation of privacy here. By continuing you consent to this monitoring, and its records may be given to authorized investigators and used as evidence.',
		'Criminal justice information is protected under the FBI CJIS Security Policy and state law. Do not share your password or your authenticator app, and do not pass criminal history or case information to anyone not authorized to receive it.',
		'Substance use disorder treatment records are protected by federal law, 42 CFR Part 2: they may be disclosed only as the participant’s written consent allows, may not be redisclosed, and may not be used to investigate or bring charges against a participant except as that rule permits. Mental health and other health information is confidential under federal and state law.'
	],
	agree: 'I understand and agree'
} as const;

/** Records the acknowledgement on the session; false when the session no longer exists. */
export function acknowledgeNotice(db: Db, sessionId: string, now: Date): boolean {
	const updated = db
		.update(session)
		.set({ noticeAcknowledgedAt: now })
		.where(and(eq(session.id, sessionId), isNull(session.noticeAcknowledgedAt)))
		.run();
	if (updated.changes > 0) return true;
	return db.select({ id: session.id }).from(session).where(eq(session.id, sessionId)).get() !== undefined;
}
