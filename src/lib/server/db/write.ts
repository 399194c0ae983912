/**
 * How every write transaction begins: it takes the write lock first (`BEGIN IMMEDIATE`), waiting
 * out another process's write (a backup, a command line) for the busy timeout, instead of reading
 * a moment that process's commit then makes stale, which SQLite refuses at the first write without
 * waiting at all.
 */
export const WRITE = { behavior: 'immediate' } as const;

/**
 * How a run of reads that belong together begins (a change's fan-out to every open screen): one
 * transaction that only reads (`BEGIN DEFERRED`), so every read sees the same moment of the
 * database, and SQLite takes its read lock once instead of once per statement.
 */
export const READ_SNAPSHOT = { behavior: 'deferred' } as const;
