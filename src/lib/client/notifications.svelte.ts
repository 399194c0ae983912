/**
 * The signed-in person's notifications as every page's header shows them: the unread count,
 * kept current by the live connection (one arrived, or some were read on another device), and
 * the last arrival, for the header's polite announcement.
 */
import type { NotificationsChanged, NotificationView } from '$lib/shared/notifications';
import type { BoardSocket } from './live.svelte';

export class NotificationBadge {
	#unread = $state(0);
	#arrived = $state<NotificationView | null>(null);
	#listeners: ((change: NotificationsChanged) => void)[] = [];

	constructor(unread: number) {
		this.#unread = unread;
	}

	get unread() {
		return this.#unread;
	}
	/** The notification that arrived last while this page was open. */
	get arrived() {
		return this.#arrived;
	}

	/** The count the server answered with a page's data (after a reload or a form). */
	settle(unread: number): void {
		this.#unread = unread;
	}

	/** Runs `listener` on every change (a page that lists notifications reloads them). */
	onChange(listener: (change: NotificationsChanged) => void): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	/** Follows the person's notifications on the live connection; the returned function stops. */
	attach(socket: BoardSocket): () => void {
		const onChange = (change: NotificationsChanged) => {
			this.#unread = change.unread;
			if (change.arrived) this.#arrived = change.arrived;
			for (const listener of this.#listeners) listener(change);
		};
		socket.on('notifications:v1', onChange);
		return () => socket.off('notifications:v1', onChange);
	}
}
