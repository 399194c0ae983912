/** The command layer as the adapters (form actions, socket handlers) and the server entry see it. */
export { execute, isCommandName, type CommandDeps } from './execute';
export type { CommandName } from './registry';
export type { PerformOptions } from './command';
export {
	announce,
	type BoardEventMap,
	type BoardEvents,
	type Changes,
	type MeetingChanged,
	type ParticipantChanged,
	type PersonNotified,
	type SessionEnded
} from './events';
