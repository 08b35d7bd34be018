// Loaded by the composition root only when EVENT_STORE_DRIVER=kurrentdb selects it.
export * from './kurrentdb-event-store';
