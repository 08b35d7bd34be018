export * from './tokens';
export * from './platform.errors';
export * from './relay';
export * from './history';
export * from './command-executor';
export * from './request-context';
export * from './authorization';
export * from './database-errors';
