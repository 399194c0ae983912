/**
 * A change to the program as a whole (its settings, agencies or rules) reaches every open screen of
 * that program, which reloads what it shows: flags, clocks and categories follow the new settings
 * without anyone reloading the page. The message says only what kind of change it was.
 */
import type { JurisdictionChanged } from '../../../src/lib/server/commands/events';
import { rooms } from '../../../src/lib/shared/events';
import type { Broadcaster } from './context';

export const broadcastProgram: Broadcaster = (io, services) => {
	const onChange = (change: JurisdictionChanged) => {
		io.to(rooms.jurisdiction(change.jurisdictionId)).emit('program:changed:v1', { kind: change.kind });
	};
	services.events.on('jurisdiction-changed', onChange);
	return () => {
		services.events.off('jurisdiction-changed', onChange);
	};
};
