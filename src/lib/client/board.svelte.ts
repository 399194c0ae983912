/**
 * The roster as this browser holds it: every card this viewer may see, kept current by the live
 * layer, with filters, urgency order, "who just changed this", and catch-up after a reconnect.
 */
import type { CardChange, ChangedBy, ParticipantCard } from '$lib/shared/board-events';
import type { BoardSocket, LiveConnection } from './live.svelte';

export type Grouping = 'none' | 'status' | 'caseManager';
export interface BoardFilters {
	status: string;
	caseManager: string;
	flag: string;
	search: string;
	group: Grouping;
	newOnly: boolean;
}

const HIGHLIGHT_MS = 10_000;

/** Lower is more urgent: overdue, then due soon, then court soon, then everyone else. */
export function urgency(card: ParticipantCard): number {
	if (card.assessment?.overdue) return -1000 + card.assessment.daysLeft;
	if (card.flags.includes('assessment_due_soon')) return -500 + (card.assessment?.daysLeft ?? 0);
	if (card.flags.includes('court_within_14_days')) return -100;
	if (card.flags.includes('new_police_contact_since_last_meeting')) return -50;
	return 0;
}

export class BoardState {
	#cards = $state<Record<string, ParticipantCard>>({});
	#changed = $state<Record<string, { by: ChangedBy | null; at: string }>>({});
	#seq = 0;
	#live: LiveConnection;
	filters = $state<BoardFilters>({
		status: '',
		caseManager: '',
		flag: '',
		search: '',
		group: 'none',
		newOnly: false
	});

	constructor(live: LiveConnection, initial: { cards: ParticipantCard[]; seq: number }) {
		this.#live = live;
		this.#seq = initial.seq;
		for (const card of initial.cards) this.#cards[card.participantId] = card;
	}

	get all(): ParticipantCard[] {
		return Object.values(this.#cards);
	}
	changedBy(participantId: string) {
		return this.#changed[participantId];
	}

	/** The cards the filters let through, most urgent first. */
	get visible(): ParticipantCard[] {
		const f = this.filters;
		const q = f.search.trim().toLowerCase();
		return this.all
			.filter((c) => !f.status || c.status === f.status)
			.filter((c) => !f.caseManager || (c.caseManager?.userId ?? 'unassigned') === f.caseManager)
			.filter((c) => !f.flag || c.flags.includes(f.flag as never))
			.filter((c) => !f.newOnly || c.flags.includes('updated_since_last_meeting'))
			.filter((c) => !q || c.code.toLowerCase().includes(q) || (c.name ?? '').toLowerCase().includes(q))
			.sort((a, b) => urgency(a) - urgency(b) || a.code.localeCompare(b.code));
	}

	/** Starts listening; returns the function that stops. */
	attach(): () => void {
		const socket = this.#live.connect();
		let connectedBefore = socket.connected;
		const onCard = (change: CardChange) => this.#apply(change);
		const onRemoved = ({ participantId, seq }: { participantId: string; seq: number }) => {
			delete this.#cards[participantId];
			this.#seq = Math.max(this.#seq, seq);
		};
		const onConnect = () => {
			if (connectedBefore) void this.#catchUp(socket);
			connectedBefore = true;
		};
		socket.on('board:card:v1', onCard);
		socket.on('board:removed:v1', onRemoved);
		socket.on('connect', onConnect);
		// New settings move flags and clocks on every card: take the whole roster again.
		const onProgram = () => void this.#reload(socket);
		socket.on('program:changed:v1', onProgram);
		return () => {
			socket.off('program:changed:v1', onProgram);
			socket.off('board:card:v1', onCard);
			socket.off('board:removed:v1', onRemoved);
			socket.off('connect', onConnect);
		};
	}

	#apply({ card, seq, by, at }: CardChange): void {
		this.#cards[card.participantId] = card;
		this.#seq = Math.max(this.#seq, seq);
		this.#changed[card.participantId] = { by, at };
		setTimeout(() => {
			if (this.#changed[card.participantId]?.at === at) delete this.#changed[card.participantId];
		}, HIGHLIGHT_MS);
	}

	async #reload(socket: BoardSocket): Promise<void> {
		const roster = await socket.emitWithAck('board:roster:v1', {});
		if (!roster.ok) return;
		this.#cards = Object.fromEntries(roster.data.roster.cards.map((c) => [c.participantId, c]));
		this.#seq = roster.data.seq;
	}

	async #catchUp(socket: BoardSocket): Promise<void> {
		const reply = await socket.emitWithAck('board:catchup:v1', { afterSeq: this.#seq });
		if (!reply.ok) return;
		if (reply.data.hasMore) return this.#reload(socket);
		for (const card of reply.data.cards) this.#cards[card.participantId] = card;
		for (const id of reply.data.removed) delete this.#cards[id];
		this.#seq = Math.max(this.#seq, reply.data.seq);
	}
}
