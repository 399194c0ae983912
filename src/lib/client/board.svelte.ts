/**
 * The roster as this browser holds it: every card this viewer may see, kept current by the live
 * layer, with filters, urgency order, "who just changed this", and catch-up after a reconnect
 * (asked again, and said so, while the server refuses it for now).
 */
import type { CardChange, ChangedBy, ParticipantCard } from '$lib/shared/board-events';
import { AGENCY_STYLE } from '$lib/shared/roles';
import type { BoardSocket, LiveConnection } from './live.svelte';
import { RetrySchedule, type Freshness, type Refusal } from './retry.svelte';

export type Grouping = 'none' | 'status' | 'caseManager';
/** The phone's list: the person's own caseload, or everyone the filters let through. */
export type Scope = 'mine' | 'everyone';
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
	/**
	 * The change-log position of the last change pushed for each participant. A roster or catch-up
	 * answer can be handled after a push that is newer than it (both in one long-polling response):
	 * it does not undo that push.
	 */
	#pushed: Record<string, number> = {};
	#live: LiveConnection;
	#me: string;
	#announcement = $state('');
	#retry: RetrySchedule;
	filters = $state<BoardFilters>({
		status: '',
		caseManager: '',
		flag: '',
		search: '',
		group: 'none',
		newOnly: false
	});

	/** The phone's list starts on the person's own caseload when they have one. */
	scope = $state<Scope>('everyone');

	constructor(
		live: LiveConnection,
		initial: { cards: ParticipantCard[]; seq: number; me: string },
		retry = new RetrySchedule()
	) {
		this.#live = live;
		this.#retry = retry;
		this.#seq = initial.seq;
		this.#me = initial.me;
		for (const card of initial.cards) this.#cards[card.participantId] = card;
		if (this.caseload.length) this.scope = 'mine';
	}

	/** The participants this person is case manager of. */
	get caseload(): ParticipantCard[] {
		return this.all.filter((c) => c.caseManager?.userId === this.#me);
	}

	/** What a screen reader says about the last change that arrived ("P-0012 updated by …"). */
	get announcement(): string {
		return this.#announcement;
	}

	/** Whether the cards hold every change the server has: false while a catch-up waits to ask again. */
	get freshness(): Freshness {
		return this.#retry.freshness;
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

	/** The phone's list: the visible cards, narrowed to the caseload when that is chosen. */
	get scoped(): ParticipantCard[] {
		const visible = this.visible;
		return this.scope === 'mine' ? visible.filter((c) => c.caseManager?.userId === this.#me) : visible;
	}

	/** Starts listening; returns the function that stops. */
	attach(): () => void {
		const socket = this.#live.connect();
		const onCard = (change: CardChange) => this.#apply(change);
		const onRemoved = ({ participantId, seq }: { participantId: string; seq: number }) => {
			delete this.#cards[participantId];
			this.#pushed[participantId] = seq;
			this.#seq = Math.max(this.#seq, seq);
		};
		// Every connection, the first included, catches up from what the page holds: a change made
		// between the page being drawn and the socket joining (or listening again) is not lost.
		const onConnect = () => {
			this.#retry.restart();
			void this.#catchUp(socket);
		};
		socket.on('board:card:v1', onCard);
		socket.on('board:removed:v1', onRemoved);
		socket.on('connect', onConnect);
		if (socket.connected) void this.#catchUp(socket);
		// New settings move flags and clocks on every card: take the whole roster again.
		const onProgram = () => void this.#reload(socket);
		socket.on('program:changed:v1', onProgram);
		return () => {
			this.#retry.cancel();
			socket.off('program:changed:v1', onProgram);
			socket.off('board:card:v1', onCard);
			socket.off('board:removed:v1', onRemoved);
			socket.off('connect', onConnect);
		};
	}

	#apply({ card, seq, by, at }: CardChange): void {
		this.#cards[card.participantId] = card;
		this.#pushed[card.participantId] = seq;
		this.#seq = Math.max(this.#seq, seq);
		this.#changed[card.participantId] = { by, at };
		const who = by ? ` by ${by.name}, ${AGENCY_STYLE[by.agencyKind].label.toLowerCase()}` : '';
		this.#announcement = `${card.code} updated${who}.`;
		setTimeout(() => {
			if (this.#changed[card.participantId]?.at === at) delete this.#changed[card.participantId];
		}, HIGHLIGHT_MS);
	}

	async #reload(socket: BoardSocket): Promise<void> {
		const roster = await socket.emitWithAck('board:roster:v1', {});
		if (!roster.ok) return this.#refused(socket, roster, () => this.#reload(socket));
		const cards: Record<string, ParticipantCard> = {};
		for (const card of roster.data.roster.cards) cards[card.participantId] = card;
		for (const [id, seq] of Object.entries(this.#pushed)) {
			if (seq <= roster.data.seq) continue;
			if (this.#cards[id]) cards[id] = this.#cards[id];
			else delete cards[id];
		}
		this.#cards = cards;
		this.#seq = Math.max(this.#seq, roster.data.seq);
		this.#retry.answered();
	}

	async #catchUp(socket: BoardSocket): Promise<void> {
		const reply = await socket.emitWithAck('board:catchup:v1', { afterSeq: this.#seq });
		if (!reply.ok) return this.#refused(socket, reply, () => this.#catchUp(socket));
		if (reply.data.hasMore) return this.#reload(socket);
		const older = (id: string) => (this.#pushed[id] ?? 0) > reply.data.seq;
		for (const card of reply.data.cards)
			if (!older(card.participantId)) this.#cards[card.participantId] = card;
		for (const id of reply.data.removed) if (!older(id)) delete this.#cards[id];
		this.#seq = Math.max(this.#seq, reply.data.seq);
		this.#retry.answered();
	}

	/** Asks again later; a socket that dropped meanwhile catches up when it is back instead. */
	#refused(socket: BoardSocket, refusal: Refusal, again: () => Promise<void>): void {
		this.#retry.refused(refusal, () => {
			if (socket.connected) void again();
		});
	}
}
