/**
 * A module fetched when a page first needs it rather than with the page (the notes editor): whether
 * it is on its way, has arrived or could not be fetched, so the page renders everything else at once
 * and offers a retry when the network failed.
 */
export type OnDemandPhase = 'waiting' | 'loading' | 'ready' | 'failed';

export class OnDemand<T> {
	#phase = $state<OnDemandPhase>('waiting');
	#value = $state.raw<T | null>(null);
	#attempts = $state(0);
	readonly #fetch: () => Promise<T>;

	constructor(fetch: () => Promise<T>) {
		this.#fetch = fetch;
	}

	get phase(): OnDemandPhase {
		return this.#phase;
	}
	/** The module's export once it has arrived. */
	get value(): T | null {
		return this.#value;
	}
	/** Fetches started so far: above 1 once the person has asked to try again. */
	get attempts(): number {
		return this.#attempts;
	}

	/** Starts the fetch, or starts it again after a failure; call from the browser only. */
	load(): void {
		if (this.#phase === 'loading' || this.#phase === 'ready') return;
		this.#phase = 'loading';
		this.#attempts += 1;
		this.#fetch().then(
			(value) => {
				this.#value = value;
				this.#phase = 'ready';
			},
			(error: unknown) => {
				// Shown to the person as a retry; logged so a broken deployment is not mistaken for bad Wi-Fi.
				console.error('A part of the page could not be fetched', error);
				this.#phase = 'failed';
			}
		);
	}
}
