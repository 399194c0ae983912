/**
 * De-identified data for evaluators. Evaluators download a study's export (pseudonyms, age bands,
 * day offsets, never a name or a record); the administrator and the facilitator, who answer for
 * the program's data, open the studies the exports belong to. All three see the page with the
 * studies and the history of their exports; nobody else does.
 */
import type { Actor, Scoped } from './actor';
import { roleIn } from './roles';
import type { Role } from '../../shared/roles';

export interface EvaluationActionResources {
	'evaluation.view': Scoped;
	'evaluation.export': Scoped;
	'study.create': Scoped;
}

const EVALUATORS: readonly Role[] = ['evaluator'];
const STUDY_KEEPERS: readonly Role[] = ['admin', 'facilitator'];

export const evaluationRules: {
	[A in keyof EvaluationActionResources]: (actor: Actor, resource: EvaluationActionResources[A]) => boolean;
} = {
	'evaluation.view': roleIn([...EVALUATORS, ...STUDY_KEEPERS]),
	'evaluation.export': roleIn(EVALUATORS),
	'study.create': roleIn(STUDY_KEEPERS)
};
