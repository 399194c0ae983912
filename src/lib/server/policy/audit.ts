/**
 * Who may read the audit trail: administrators and facilitators of the trail's jurisdiction
 * (`can` checks the jurisdiction before these rules run). Reading the trail is itself audited.
 */
import type { Role } from '../../shared/roles';
import type { Actor } from './actor';
import type { Scoped } from './index';

export interface AuditActionResources {
	'audit.view': Scoped;
	'audit.export': Scoped;
}

const AUDIT_READERS: readonly Role[] = ['admin', 'facilitator'];
const auditReader = (actor: Actor) => AUDIT_READERS.includes(actor.role);

export const auditRules: {
	[A in keyof AuditActionResources]: (actor: Actor, resource: AuditActionResources[A]) => boolean;
} = {
	'audit.view': auditReader,
	'audit.export': auditReader
};
