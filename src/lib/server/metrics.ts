/**
 * What an operator watches, in Prometheus's format (prom-client, on a registry of the board's own):
 * connections by channel, socket events and how long their acknowledgement took, the event loop's
 * lag (with Node's other default figures), the notes rooms and their sizes, database write time
 * per command, failed sign-ins, and the expensive work refused while the board sheds load. Labels are event and command names and codes, never ids or
 * anything about a person.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ShedChannel, SheddingReport } from './security/load-shedding';

/** Live figures the realtime layer reports when Prometheus asks. */
export interface LiveFigures {
	boardConnections: number;
	notesConnections: number;
	notesRooms: number;
	notesBytes: { total: number; largest: number };
}

/**
 * How often the event-loop lag figures sample the loop. Every sample wakes an idle board (at
 * 10 ms, prom-client's default, about a fifth of what an idle board with 200 people connected
 * spends); a stall of 50 ms or more, the kind people notice, is always caught, and shorter ones
 * in proportion to their length.
 */
const EVENT_LOOP_SAMPLE_MS = 50;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class BoardMetrics implements SheddingReport {
	readonly registry = new Registry();
	#live: () => LiveFigures | null = () => null;
	readonly #events: Counter<'event' | 'outcome'>;
	readonly #ackSeconds: Histogram<'event'>;
	readonly #writeSeconds: Histogram<'command'>;
	readonly #signInFailures: Counter<'reason'>;
	readonly #shed: Counter<'channel'>;
	readonly #shedding: Gauge;

	constructor() {
		const registers = [this.registry];
		collectDefaultMetrics({
			register: this.registry,
			prefix: 'lead_board_',
			eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS
		});
		this.#events = new Counter({
			name: 'lead_board_socket_events_total',
			help: 'Socket events answered, by event and outcome (ok or the refusal code).',
			labelNames: ['event', 'outcome'],
			registers
		});
		this.#ackSeconds = new Histogram({
			name: 'lead_board_socket_ack_seconds',
			help: 'Time from a socket event arriving to its acknowledgement.',
			labelNames: ['event'],
			buckets: SECONDS,
			registers
		});
		this.#writeSeconds = new Histogram({
			name: 'lead_board_db_write_seconds',
			help: 'Time a command took to store its change, audit entry included.',
			labelNames: ['command'],
			buckets: SECONDS,
			registers
		});
		this.#signInFailures = new Counter({
			name: 'lead_board_sign_in_failures_total',
			help: 'Failed sign-ins (wrong password or code, locked or disabled account).',
			labelNames: ['reason'],
			registers
		});
		this.#shed = new Counter({
			name: 'lead_board_shed_total',
			help: 'Expensive requests refused (busy) because the event loop lagged, by channel (socket or http).',
			labelNames: ['channel'],
			registers
		});
		this.#shedding = new Gauge({
			name: 'lead_board_shedding',
			help: '1 while the board refuses expensive work because its event loop lags, else 0.',
			registers
		});
		this.#shedding.set(0);
		this.#liveGauges(registers);
	}

	#liveGauges(registers: Registry[]): void {
		const live = () => this.#live();
		new Gauge({
			name: 'lead_board_connections',
			help: 'Open connections by channel: the board socket and the meeting notes.',
			labelNames: ['channel'],
			registers,
			collect() {
				const figures = live();
				this.set({ channel: 'board' }, figures?.boardConnections ?? 0);
				this.set({ channel: 'notes' }, figures?.notesConnections ?? 0);
			}
		});
		new Gauge({
			name: 'lead_board_notes_rooms',
			help: 'Meeting notes documents held in memory.',
			registers,
			collect() {
				this.set(live()?.notesRooms ?? 0);
			}
		});
		new Gauge({
			name: 'lead_board_notes_document_bytes',
			help: 'Encoded size of the notes documents in memory (an upper bound): all of them, and the largest.',
			labelNames: ['stat'],
			registers,
			collect() {
				const bytes = live()?.notesBytes;
				this.set({ stat: 'total' }, bytes?.total ?? 0);
				this.set({ stat: 'largest' }, bytes?.largest ?? 0);
			}
		});
	}

	/** The realtime layer tells where its live figures come from once it is running. */
	watch(figures: () => LiveFigures): void {
		this.#live = figures;
	}

	socketEvent(event: string, outcome: string, seconds: number): void {
		this.#events.inc({ event, outcome });
		this.#ackSeconds.observe({ event }, seconds);
	}

	dbWrite(command: string, seconds: number): void {
		this.#writeSeconds.observe({ command }, seconds);
	}

	signInFailed(reason: string): void {
		this.#signInFailures.inc({ reason });
	}

	shed(channel: ShedChannel): void {
		this.#shed.inc({ channel });
	}

	shedding(on: boolean): void {
		this.#shedding.set(on ? 1 : 0);
	}

	/** The page Prometheus scrapes, and its content type. */
	async exposition(): Promise<{ body: string; contentType: string }> {
		return { body: await this.registry.metrics(), contentType: this.registry.contentType };
	}
}
