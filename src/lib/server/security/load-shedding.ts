/**
 * Load shedding: while the event loop stays late (everyone's request waits behind the work in
 * hand), the board refuses new expensive work (a roster or catch-up over the socket, a heavy page
 * or an export) with `busy` before starting it, and keeps answering the small things: writes,
 * pings, `/health`. It recovers by itself once the lag falls back. The lag is read from Node's
 * event-loop delay monitor; a per-person limit cannot see many people's reads adding up.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { log } from '../log';

/** How often the lag is read, and the resolution of the timer that measures it. */
const LOOK_MS = 500;
const RESOLUTION_MS = 10;
/** Readings in a row over the threshold that start shedding, and under it that end it. */
const READINGS_TO_CHANGE = 2;
/**
 * How long after it starts (once the board listens and its services are up) the shedder only
 * watches. A board that has just started runs its first notification sweep and takes its first
 * requests on cold code: its loop lags for a moment (past 100 ms for about a second on a small
 * shared machine) with nobody waiting behind real demand, and shedding then would turn the first
 * people away from a board that is not overloaded. Per-person limits apply from the start.
 */
const WARM_UP_MS = 10_000;

/** Where shed work came from, for the metrics. */
export type ShedChannel = 'socket' | 'http';

/** What the board does when it sheds: counts it, and shows whether it is shedding now. */
export interface SheddingReport {
	shed(channel: ShedChannel): void;
	shedding(on: boolean): void;
}

/**
 * Decides from successive lag readings whether the board sheds: two readings over the threshold
 * start it and two under it end it, so one garbage collection or one slow read changes nothing.
 * A threshold of 0 never sheds.
 */
export class SheddingState {
	#over = 0;
	#under = 0;
	#shedding = false;

	constructor(readonly thresholdMs: number) {}

	get shedding(): boolean {
		return this.#shedding;
	}

	/** Takes one reading; answers 'started' or 'stopped' when it changed the state. */
	observe(lagMs: number): 'started' | 'stopped' | null {
		if (this.thresholdMs <= 0) return null;
		const over = lagMs > this.thresholdMs;
		this.#over = over ? this.#over + 1 : 0;
		this.#under = over ? 0 : this.#under + 1;
		if (!this.#shedding && this.#over >= READINGS_TO_CHANGE) {
			this.#shedding = true;
			return 'started';
		}
		if (this.#shedding && this.#under >= READINGS_TO_CHANGE) {
			this.#shedding = false;
			return 'stopped';
		}
		return null;
	}
}

/**
 * The running board's shedder: reads the lag every half second while started, and judges it once
 * the warm-up after start is over.
 */
export class LoadShedder {
	readonly #state: SheddingState;
	readonly #report: SheddingReport;
	readonly #lookMs: number;
	readonly #warmUpMs: number;
	#histogram: IntervalHistogram | null = null;
	#timer: NodeJS.Timeout | null = null;
	#judgeFrom = 0;
	#lagMs = 0;
	#shed = 0;
	#since = 0;

	constructor(
		thresholdMs: number,
		report: SheddingReport,
		{ lookMs = LOOK_MS, warmUpMs = WARM_UP_MS }: { lookMs?: number; warmUpMs?: number } = {}
	) {
		this.#state = new SheddingState(thresholdMs);
		this.#report = report;
		this.#lookMs = lookMs;
		this.#warmUpMs = warmUpMs;
	}

	/** Starts reading the lag; does nothing when shedding is off (threshold 0). */
	start(): void {
		if (this.#timer || this.#state.thresholdMs <= 0) return;
		this.#judgeFrom = performance.now() + this.#warmUpMs;
		this.#histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
		this.#histogram.enable();
		this.#timer = setInterval(() => this.#look(), this.#lookMs);
		this.#timer.unref();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#histogram?.disable();
		this.#timer = this.#histogram = null;
	}

	get shedding(): boolean {
		return this.#state.shedding;
	}

	/** True while the shedder only reads the lag, in the warm-up after it started. */
	get warmingUp(): boolean {
		return this.#timer !== null && performance.now() < this.#judgeFrom;
	}

	/** The last reading: the 99th percentile of how late the loop ran during the last look, in ms. */
	get lagMs(): number {
		return this.#lagMs;
	}

	/** True when a piece of expensive work may start now; otherwise it is counted as shed. */
	admit(channel: ShedChannel): boolean {
		if (!this.#state.shedding) return true;
		this.#shed++;
		this.#report.shed(channel);
		return false;
	}

	#look(): void {
		const histogram = this.#histogram;
		if (!histogram) return;
		// The monitor's timer fires every RESOLUTION_MS, so an idle loop reads about that much.
		const late = histogram.count ? histogram.percentile(99) / 1e6 - RESOLUTION_MS : 0;
		histogram.reset();
		this.#lagMs = Math.max(0, Math.round(late));
		if (this.warmingUp) return;
		const change = this.#state.observe(this.#lagMs);
		if (change === 'started') {
			this.#shed = 0;
			this.#since = Date.now();
			log('warn', 'load.shedding_started', { lagMs: this.#lagMs, thresholdMs: this.#state.thresholdMs });
		} else if (change === 'stopped') {
			const seconds = Math.round((Date.now() - this.#since) / 100) / 10;
			log('info', 'load.shedding_stopped', { lagMs: this.#lagMs, shed: this.#shed, seconds });
		}
		if (change) this.#report.shedding(change === 'started');
	}
}
