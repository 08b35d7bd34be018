// The embedded adapter's entry point; only the composition root (and tests) load better-sqlite3 through it.
export * from './sqlite-event-store';
