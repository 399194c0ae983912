/** Redacted views of participants: the roster card, the roster and the participant page. */
export { participantCardView, participantCardsView, cardBroadcaster } from './card';
export { rosterView } from './roster';
export { participantDetailView, allowedActions } from './detail';
export type { ViewOptions } from './context';
export type { ParticipantCard, ParticipantDetail, RosterView } from '../../../shared/participant-views';
