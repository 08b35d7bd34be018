// The server adapter's entry point; only the composition root (and tests) load pg through it.
export * from './postgres-event-store';
