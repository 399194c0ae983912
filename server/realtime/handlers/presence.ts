/** Who is here: joins the jurisdiction's presence on connect, leaves it on disconnect. */
import { authorize, type Actor } from '../../../src/lib/server/policy';
import type { Services } from '../../../src/lib/server/services';
import { AGENCY_STYLE } from '../../../src/lib/shared/roles';
import { guard } from '../guard';
import type { BoardSocket } from '../types';
import type { Registrar } from './context';

export const registerPresence: Registrar = ({ services, presence }) => {
	function left(this: BoardSocket) {
		presence.remove(this.id);
	}
	function list(this: BoardSocket, ack: unknown) {
		void guard(services, this, ack, (current) => {
			authorize(current, 'presence.view', { jurisdictionId: current.jurisdictionId });
			return presence.list(current.jurisdictionId);
		});
	}
	return (socket) => {
		const { actor } = socket.data;
		// Everyone in the jurisdiction, this screen included, hears the list once the arrivals settle.
		presence.add(socket.id, actor.jurisdictionId, personOf(services, actor));
		socket.on('disconnect', left);
		socket.on('presence:list:v1', list);
	};
};

function personOf(services: Services, actor: Actor) {
	const agency = services.db.query.agencies
		.findFirst({ where: (a, { eq }) => eq(a.id, actor.agencyId) })
		.sync();
	return {
		userId: actor.userId,
		name: actor.name,
		role: actor.role,
		agencyName: agency?.name ?? AGENCY_STYLE[actor.agencyKind].label,
		agencyShort: agency?.shortName ?? AGENCY_STYLE[actor.agencyKind].label,
		agencyKind: actor.agencyKind
	};
}
