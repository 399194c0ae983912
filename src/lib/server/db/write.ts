/**
 * How every write transaction begins: it takes the write lock first (`BEGIN IMMEDIATE`), waiting
 * out another process's write (a backup, a command line) for the busy timeout, instead of reading
 * a moment that process's commit then makes stale, which SQLite refuses at the first write without
 * waiting at all.
 */
export const WRITE = { behavior: 'immediate' } as const;
