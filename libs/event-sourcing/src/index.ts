// The kernel's public surface: types, port, handler. Adapters have their own entry points
// (@sce/event-sourcing/adapters/sqlite, /postgres, /kurrentdb) so loading a decider loads no database driver.
export * from './event';
export * from './errors';
export * from './event-store.port';
export * from './snapshot-store.port';
export * from './expected-revision';
export * from './catch-up-subscription';
export * from './command-handler';
export * from './upcasting';
export * from './ids';
export * from './write-gate';
export * from './pending-append';
export * from './payload';
