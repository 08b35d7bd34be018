export { MeilisearchCaseStudySearchIndex, type MeilisearchSearchOptions } from './meilisearch-case-study-search';
export { indexSettings } from './meilisearch-search-mapping';
export { SearchEngineError } from '../../search.errors';
