/** Notifications between meetings: raised by changes and by the deadline sweep, read by their person. */
export { listNotifications, notificationFor, unreadCount, PAGE_SIZE } from './read';
export { choicesOf } from './preferences';
export { sweepNotifications } from './sweep';
export { sendDailyDigests, digestMessage, type DigestDeps, type DigestReport } from './digest';
export { startNotificationJobs } from './schedule';
