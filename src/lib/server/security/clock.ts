/** Time, passed in wherever expiry or lockout is decided, so tests can hold a fake clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
