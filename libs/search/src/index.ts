export * from './case-study-search.port';
