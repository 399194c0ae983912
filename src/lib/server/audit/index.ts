/**
 * The audit trail's public face: record an entry (fail closed), fill the actor columns, verify
 * the chain, and query it for the admin screens.
 */
export {
	AUDIT_ACTIONS,
	AUDIT_ACTION_LABELS,
	AUDIT_OUTCOMES,
	actorFields,
	type AuditAction,
	type AuditOutcome,
	type AuditEntryInput,
	type AuditDetailValue
} from './actions';
export { recordAudit } from './record';
export { verifyAuditChain, type ChainVerdict } from './verify';
export { AuditCheckpointSchema, chainHead, checkpointsInLog, type AuditCheckpoint } from './checkpoints';
export { GENESIS_HASH } from './chain';
export { viewAuditTrail, exportAuditTrail, addressOf, type AuditRequest } from './screens';
export {
	AUDIT_PAGE_SIZE,
	AUDIT_SORTS,
	SORT_DIRECTIONS,
	parseAuditFilters,
	type AuditFilters,
	type AuditSort
} from './filters';
export { csvCell } from './csv';
export { auditUserChoices, type AuditListRow } from './query';
