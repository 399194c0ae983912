/**
 * Who may read the audit trail: administrators and facilitators of the trail's jurisdiction
 * (`can` checks the jurisdiction before these rules run). Reading the trail is itself audited.
 */
import type { Actor, Scoped } from './actor';
import { AUDIT_READERS, roleIn } from './roles';

export interface AuditActionResources {
	'audit.view': Scoped;
	'audit.export': Scoped;
}

const auditReader = roleIn(AUDIT_READERS);

export const auditRules: {
	[A in keyof AuditActionResources]: (actor: Actor, resource: AuditActionResources[A]) => boolean;
} = {
	'audit.view': auditReader,
	'audit.export': auditReader
};
