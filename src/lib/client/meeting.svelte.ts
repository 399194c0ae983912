/**
 * A meeting as this browser follows it: the latest view the server sent (already redacted for
 * this person), who is in the meeting, whether this screen follows the facilitator or has stepped
 * away to another item, and the per-item timer. Also the room screen's state. Only these classes
 * talk to the socket for meetings; components read their getters and call their methods.
 */
import type { Ack } from '$lib/shared/errors';
import type { ItemFocus, MeetingPresentUser, MeetingView, RoomView } from '$lib/shared/meeting-events';
import type { BoardSocket, LiveConnection } from './live.svelte';

type Reply<T> = Ack<T>;

/** Seconds the server's clock is ahead of this one, so every screen shows the same timer. */
function skewOf(serverNow: string): number {
	return Date.parse(serverNow) - Date.now();
}

/** Ticks once a second while something on the page shows a running timer. */
class Ticker {
	#now = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | null = null;
	get now() {
		return this.#now;
	}
	start() {
		this.#timer ??= setInterval(() => (this.#now = Date.now()), 1000);
	}
	stop() {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
}

export class MeetingSession {
	#view = $state<MeetingView>() as MeetingView;
	#people = $state<MeetingPresentUser[]>([]);
	#following = $state(true);
	#selectedItemId = $state<string | null>(null);
	#selectedFocus = $state<ItemFocus | null>(null);
	#removed = $state(false);
	#skew = 0;
	readonly #ticker = new Ticker();
	readonly #live: LiveConnection;
	#socket: BoardSocket | null = null;
	#off: (() => void) | null = null;

	constructor(live: LiveConnection, initial: MeetingView) {
		this.#live = live;
		this.#set(initial);
	}

	get view() {
		return this.#view;
	}
	get people() {
		return this.#people;
	}
	get following() {
		return this.#following;
	}
	get removed() {
		return this.#removed;
	}
	get meetingId() {
		return this.#view.meeting.meetingId;
	}
	/** The facilitator steers; everyone else follows (or steps away). */
	get steers() {
		return this.#view.allowed['meeting.steer'];
	}
	/** The item this screen shows under "Now discussing". */
	get shownItemId(): string | null {
		return this.#following || this.steers ? this.#view.live.currentItemId : this.#selectedItemId;
	}
	get shownItem() {
		return this.#view.agenda.find((i) => i.itemId === this.shownItemId) ?? null;
	}
	get focus(): ItemFocus | null {
		if (this.#following || this.steers) return this.#view.focus;
		return this.#selectedFocus?.itemId === this.#selectedItemId ? this.#selectedFocus : null;
	}
	get currentPosition(): number | null {
		const index = this.#view.agenda.findIndex((i) => i.itemId === this.#view.live.currentItemId);
		return index >= 0 ? index + 1 : null;
	}

	/** Seconds spent on an item so far, including the running stretch of the current one. */
	spent(itemId: string): number {
		const item = this.#view.agenda.find((i) => i.itemId === itemId);
		if (!item) return 0;
		const { currentItemId, currentStartedAt } = this.#view.live;
		if (itemId !== currentItemId || !currentStartedAt || this.#view.meeting.status !== 'live')
			return item.spentSeconds;
		const running = (this.#ticker.now + this.#skew - Date.parse(currentStartedAt)) / 1000;
		return item.spentSeconds + Math.max(0, Math.floor(running));
	}

	#set(view: MeetingView) {
		this.#view = view;
		this.#skew = skewOf(view.live.serverNow);
	}

	/** Takes a view the page loaded (after a form action), the same as one the socket sent. */
	accept(view: MeetingView) {
		this.#set(view);
	}

	/** Joins the meeting's room now and after every reconnect; answers a function that leaves. */
	start(): () => void {
		this.#live.connect();
		const socket = this.#live.socket;
		if (!socket) return () => {};
		this.#socket = socket;
		const join = () =>
			socket.emit('meeting:join:v1', { meetingId: this.meetingId }, (reply) => {
				if (reply.ok) this.#set(reply.data);
				else this.#removed = true;
			});
		const onView = (view: MeetingView) => {
			if (view.meeting.meetingId === this.meetingId) this.#set(view);
		};
		const onPeople = (p: { meetingId: string; people: MeetingPresentUser[] }) => {
			if (p.meetingId === this.meetingId) this.#people = p.people;
		};
		const onRemoved = (p: { meetingId: string }) => {
			if (p.meetingId === this.meetingId) this.#removed = true;
		};
		socket.on('connect', join);
		socket.on('meeting:view:v1', onView);
		socket.on('meeting:presence:v1', onPeople);
		socket.on('meeting:removed:v1', onRemoved);
		if (socket.connected) join();
		this.#ticker.start();
		this.#off = () => {
			socket.off('connect', join);
			socket.off('meeting:view:v1', onView);
			socket.off('meeting:presence:v1', onPeople);
			socket.off('meeting:removed:v1', onRemoved);
			socket.emit('meeting:leave:v1', { meetingId: this.meetingId });
			this.#ticker.stop();
		};
		return () => this.stop();
	}

	stop() {
		this.#off?.();
		this.#off = null;
	}

	/** Looks at another item without moving anyone else; the screen stops following. */
	stepTo(itemId: string) {
		if (this.steers) {
			void this.moveTo(itemId);
			return;
		}
		this.#following = itemId === this.#view.live.currentItemId;
		this.#selectedItemId = itemId;
		this.#socket?.emit('meeting:focus:v1', { meetingId: this.meetingId, agendaItemId: itemId }, (reply) => {
			if (reply.ok) this.#selectedFocus = reply.data;
		});
	}

	followAgain() {
		this.#following = true;
		this.#selectedItemId = null;
	}

	#ask<T>(event: string, payload: unknown): Promise<Reply<T>> {
		const socket = this.#socket;
		if (!socket) return Promise.resolve({ ok: false, code: 'internal', message: 'Not connected yet.' });
		return new Promise((resolve) => {
			const timer = setTimeout(
				() => resolve({ ok: false, code: 'internal', message: 'No answer from the board; try again.' }),
				10_000
			);
			(socket.emit as (e: string, p: unknown, cb: (r: Reply<T>) => void) => void)(event, payload, (reply) => {
				clearTimeout(timer);
				resolve(reply);
			});
		});
	}

	moveTo(agendaItemId: string) {
		return this.#ask<{ currentItemId: string }>('meeting:now:v1', {
			meetingId: this.meetingId,
			agendaItemId
		});
	}
	/** Moves "now discussing" one item forward or back. */
	step(by: 1 | -1) {
		const index = this.#view.agenda.findIndex((i) => i.itemId === this.#view.live.currentItemId);
		const next = this.#view.agenda[index + by];
		return next ? this.moveTo(next.itemId) : Promise.resolve(null);
	}
	addDecision(input: Record<string, unknown>) {
		return this.#ask<{ decisionId: string }>('meeting:decision:add:v1', {
			meetingId: this.meetingId,
			...input
		});
	}
	addActionItem(input: Record<string, unknown>) {
		return this.#ask<{ actionItemId: string }>('meeting:action:add:v1', {
			meetingId: this.meetingId,
			...input
		});
	}
	setActionStatus(actionItemId: string, status: 'open' | 'done', expectedVersion: number) {
		return this.#ask<{ version: number }>('meeting:action:status:v1', {
			actionItemId,
			status,
			expectedVersion
		});
	}
	markInRoom(userId: string, inRoom: boolean) {
		return this.#ask<{ inRoom: boolean }>('meeting:attendance:mark:v1', {
			meetingId: this.meetingId,
			userId,
			inRoom
		});
	}
}

/** The room screen: the room view the server recomputes for whoever is present. */
export class RoomScreen {
	#view = $state<RoomView | null>(null);
	#error = $state<string | null>(null);
	#skew = 0;
	readonly #ticker = new Ticker();
	readonly #live: LiveConnection;
	readonly #meetingId: string;

	constructor(live: LiveConnection, meetingId: string) {
		this.#live = live;
		this.#meetingId = meetingId;
	}

	get view() {
		return this.#view;
	}
	get error() {
		return this.#error;
	}
	get connection() {
		return this.#live.state;
	}
	/** Why the screen went blank when the session ended. */
	get endedMessage() {
		return this.#live.endedMessage ?? 'Your session has ended.';
	}

	get spent(): number {
		const item = this.#view?.item;
		if (!item) return 0;
		if (!item.startedAt || this.#view?.status !== 'live') return item.spentSeconds;
		const running = (this.#ticker.now + this.#skew - Date.parse(item.startedAt)) / 1000;
		return item.spentSeconds + Math.max(0, Math.floor(running));
	}

	#set(view: RoomView) {
		this.#view = view;
		this.#skew = skewOf(view.serverNow);
	}

	start(): () => void {
		this.#live.connect();
		const socket = this.#live.socket;
		if (!socket) return () => {};
		const join = () =>
			socket.emit('meeting:room:join:v1', { meetingId: this.#meetingId }, (reply) => {
				if (reply.ok) this.#set(reply.data);
				else this.#error = reply.message;
			});
		const onRoom = (view: RoomView) => {
			if (view.meetingId === this.#meetingId) this.#set(view);
		};
		socket.on('connect', join);
		socket.on('meeting:room:v1', onRoom);
		if (socket.connected) join();
		this.#ticker.start();
		return () => {
			socket.off('connect', join);
			socket.off('meeting:room:v1', onRoom);
			this.#ticker.stop();
			this.#live.disconnect();
		};
	}
}
