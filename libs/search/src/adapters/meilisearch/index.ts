export { MeilisearchCaseStudySearchIndex, type MeilisearchSearchOptions } from './meilisearch-case-study-search';
export { indexSettings, SearchEngineError } from './meilisearch-search-mapping';
