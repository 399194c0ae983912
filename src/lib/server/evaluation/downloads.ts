/**
 * An evaluator's download of a study's export, and the history of downloads. The policy decides
 * who may download; every download is in the audit trail with its study and row counts (a
 * refused one as denied), and if that entry cannot be stored nothing is handed out. The history
 * the export page shows is read back from those same entries.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { actorFields, recordAudit } from '../audit';
import type { Conn } from '../db';
import { auditEvents } from '../db/audit.schema';
import { user } from '../db/schema';
import { forbidden, invalidInput } from '../errors';
import { can, type Actor } from '../policy';
import { buildEvaluationExport, type EvaluationExport } from './export';
import { studiesOf } from './studies';

export interface DownloadRequest {
	actor: Actor;
	/** The study asked for, as the request gave it (checked here). */
	studyId: unknown;
	sourceAddress: string | null;
	now?: Date;
}

const studyIdSchema = z.string('Choose a study.').trim().min(1, 'Choose a study.').max(64, 'Choose a study.');

/** The export for an evaluator: refused (and recorded) unless the policy allows it. */
export function downloadEvaluationExport(db: Conn, req: DownloadRequest): EvaluationExport {
	const { actor } = req;
	// What a refusal records as the study asked for: a plausible id, or nothing.
	const claimed = studyIdSchema.safeParse(req.studyId).data ?? null;
	if (!can(actor, 'evaluation.export', { jurisdictionId: actor.jurisdictionId })) {
		recordAudit(db, entry(req, claimed, 'denied', {}), req.now);
		throw forbidden('Only evaluators download de-identified data.');
	}
	const parsed = studyIdSchema.safeParse(req.studyId);
	if (!parsed.success) throw invalidInput(parsed.error, 'Choose a study.');
	const built = buildEvaluationExport(db, {
		jurisdictionId: actor.jurisdictionId,
		studyId: parsed.data,
		now: req.now
	});
	const { protection } = built.counts;
	recordAudit(
		db,
		entry(req, parsed.data, 'success', {
			participants: built.counts.participants,
			events: built.counts.events,
			k: protection.k,
			neighbourhoodSuppressed: protection.changed.neighbourhood,
			ageWidened: protection.changed.ageWidened,
			genderSuppressed: protection.changed.gender,
			raceSuppressed: protection.changed.raceEthnicity,
			ageSuppressed: protection.changed.ageBand,
			joinedSuppressed: protection.joined,
			withheld: protection.withheld
		}),
		req.now
	);
	return built;
}

function entry(
	req: DownloadRequest,
	studyId: string | null,
	outcome: 'success' | 'denied',
	detail: Record<string, number>
) {
	return {
		...actorFields(req.actor),
		sourceAddress: req.sourceAddress,
		action: 'evaluation.exported' as const,
		objectType: 'evaluation_study',
		objectId: studyId,
		outcome,
		detail
	};
}

export interface DownloadView {
	at: string;
	studyId: string;
	studyName: string;
	byName: string;
	participants: number | null;
	events: number | null;
}

/** The program's latest downloads, newest first, from the audit trail. */
export function downloadHistory(db: Conn, jurisdictionId: string, limit = 20): DownloadView[] {
	const studies = new Map(studiesOf(db, jurisdictionId).map((s) => [s.id, s.name]));
	if (!studies.size) return [];
	return db
		.select({
			at: auditEvents.at,
			studyId: auditEvents.objectId,
			byName: user.name,
			detail: auditEvents.detail
		})
		.from(auditEvents)
		.leftJoin(user, eq(user.id, auditEvents.actorUserId))
		.where(
			and(
				inArray(auditEvents.objectId, [...studies.keys()]),
				eq(auditEvents.jurisdictionId, jurisdictionId),
				eq(auditEvents.action, 'evaluation.exported'),
				eq(auditEvents.outcome, 'success')
			)
		)
		.orderBy(desc(auditEvents.id))
		.limit(limit)
		.all()
		.map((row) => {
			const counts = countsOf(row.detail);
			return {
				at: new Date(row.at).toISOString(),
				studyId: row.studyId ?? '',
				studyName: studies.get(row.studyId ?? '') ?? '',
				byName: row.byName ?? '',
				...counts
			};
		});
}

function countsOf(detail: string): { participants: number | null; events: number | null } {
	try {
		const parsed = JSON.parse(detail) as Record<string, unknown>;
		const n = (v: unknown) => (typeof v === 'number' ? v : null);
		return { participants: n(parsed.participants), events: n(parsed.events) };
	} catch {
		return { participants: null, events: null };
	}
}
