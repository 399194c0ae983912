/**
 * Evaluation studies: the administrator or the facilitator opens one (a name and what it is for)
 * before any evaluator exports; the board generates its pseudonym secret, which no screen,
 * export, log or audit entry ever shows.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../commands/command';
import { invalidField } from '../commands/kernel';
import type { Conn } from '../db';
import { evaluationStudies, type EvaluationStudy } from '../db/evaluation.schema';
import { user } from '../db/schema';
import { notFound } from '../errors';
import { can, type Actor } from '../policy';
import { newStudySecret } from './pseudonyms';

export const studyInput = z.strictObject({
	name: z.string().trim().min(3, 'Give the study a name of at least 3 characters.').max(120),
	purpose: z
		.string()
		.trim()
		.min(10, 'Say in a sentence what the study is for.')
		.max(1000, 'Keep the purpose to 1,000 characters.')
});

/** A study as screens show it: never its secret. */
export interface StudyView {
	id: string;
	name: string;
	purpose: string;
	createdAt: string;
	createdByName: string;
}

/** The studies of a program, newest first. */
export function studiesOf(db: Conn, jurisdictionId: string): StudyView[] {
	return db
		.select({
			id: evaluationStudies.id,
			name: evaluationStudies.name,
			purpose: evaluationStudies.purpose,
			createdAt: evaluationStudies.createdAt,
			createdByName: user.name
		})
		.from(evaluationStudies)
		.leftJoin(user, eq(user.id, evaluationStudies.createdByUserId))
		.where(eq(evaluationStudies.jurisdictionId, jurisdictionId))
		.orderBy(desc(evaluationStudies.createdAt))
		.all()
		.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), createdByName: s.createdByName ?? '' }));
}

/** One study of the program, secret included, for the export builder; not found across programs. */
export function loadStudy(db: Conn, jurisdictionId: string, studyId: string): EvaluationStudy {
	const study = db
		.select()
		.from(evaluationStudies)
		.where(and(eq(evaluationStudies.id, studyId), eq(evaluationStudies.jurisdictionId, jurisdictionId)))
		.get();
	if (!study) throw notFound('That study');
	return study;
}

const keepsStudies = (actor: Actor) => can(actor, 'study.create', { jurisdictionId: actor.jurisdictionId });

export const createStudy = defineCommand({
	name: 'study.create',
	input: studyInput,
	permit: keepsStudies,
	audit: (_data, result?: StudyView) => ({
		action: 'evaluation.study_created',
		objectType: 'evaluation_study',
		objectId: result?.id ?? null
	}),
	run({ tx, actor, now }, data): StudyView {
		const taken = tx
			.select({ id: evaluationStudies.id })
			.from(evaluationStudies)
			.where(
				and(
					eq(evaluationStudies.jurisdictionId, actor.jurisdictionId),
					sql`lower(${evaluationStudies.name}) = lower(${data.name})`
				)
			)
			.get();
		if (taken) throw invalidField('name', 'A study of this program already has that name.');
		const row = tx
			.insert(evaluationStudies)
			.values({
				jurisdictionId: actor.jurisdictionId,
				name: data.name,
				purpose: data.purpose,
				secret: newStudySecret(),
				createdByUserId: actor.userId,
				createdAt: now
			})
			.returning({ id: evaluationStudies.id })
			.get();
		return {
			id: row.id,
			name: data.name,
			purpose: data.purpose,
			createdAt: now.toISOString(),
			createdByName: actor.name
		};
	}
});
