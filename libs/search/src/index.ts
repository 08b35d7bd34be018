export * from './case-study-search.port';
export * from './search.errors';
