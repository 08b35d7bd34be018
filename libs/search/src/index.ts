export * from './case-study-search.port';
export * from './guideline-search.port';
export * from './guideline-search-over-engine';
export * from './search.errors';
