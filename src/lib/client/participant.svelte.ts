/**
 * One participant's record as this browser shows it: the detail the server last sent (redacted
 * for this viewer), replaced live when anyone changes the participant.
 */
import type { ChangedBy, ParticipantDetail } from '$lib/shared/board-events';
import { nowIso } from './format';
import type { LiveConnection } from './live.svelte';

export class ParticipantLive {
	#detail = $state<ParticipantDetail>() as ParticipantDetail;
	#lastChange = $state<{ by: ChangedBy | null; at: string } | null>(null);
	#gone = $state(false);
	#live: LiveConnection;

	constructor(live: LiveConnection, detail: ParticipantDetail) {
		this.#live = live;
		this.#detail = detail;
	}

	get detail() {
		return this.#detail;
	}
	get lastChange() {
		return this.#lastChange;
	}
	/** True once this viewer may no longer see the participant. */
	get gone() {
		return this.#gone;
	}

	/** A fresh server render (after a form action) is newer than anything pushed before it. */
	replace(detail: ParticipantDetail): void {
		this.#detail = detail;
	}

	attach(participantId: string): () => void {
		const socket = this.#live.connect();
		// Details pushed to this page so far. A push that arrives while the watch is unanswered was
		// read after the watch joined the room, so it is at least as new as the watch's answer, which
		// can be handled after it (both in one long-polling response): that answer is then stale.
		let pushed = 0;
		const watch = () => {
			const pushedBefore = pushed;
			void socket.emitWithAck('participant:watch:v1', { participantId }).then((reply) => {
				if (reply.ok) {
					if (pushed === pushedBefore) this.#detail = reply.data;
				} else if (reply.code === 'forbidden' || reply.code === 'not_found') this.#gone = true;
			});
		};
		const onDetail = ({ detail, by }: { detail: ParticipantDetail; by: ChangedBy | null }) => {
			if (detail.card.participantId !== participantId) return;
			pushed += 1;
			this.#detail = detail;
			this.#lastChange = { by, at: nowIso() };
		};
		const onRemoved = (payload: { participantId: string }) => {
			if (payload.participantId === participantId) this.#gone = true;
		};
		socket.on('participant:detail:v1', onDetail);
		socket.on('board:removed:v1', onRemoved);
		socket.on('connect', watch);
		if (socket.connected) watch();
		return () => {
			socket.off('participant:detail:v1', onDetail);
			socket.off('board:removed:v1', onRemoved);
			socket.off('connect', watch);
			socket.emit('participant:unwatch:v1', { participantId });
		};
	}
}
