import { CreatePostgresCaseStudySearch1764331000000 } from './migrations/1764331000000-create-postgres-case-study-search';
import { PostgresCaseStudySearchVocabularyUpkeep1764500100000 } from './migrations/1764500100000-postgres-case-study-search-vocabulary-upkeep';
import { CreatePostgresGuidelineSearch1764560000000 } from './migrations/1764560000000-create-postgres-guideline-search';
import { PostgresSearchTypoFilter1764600000000 } from './migrations/1764600000000-postgres-search-typo-filter';
import { PostgresSearchWrittenWords1764700000000 } from './migrations/1764700000000-postgres-search-written-words';

export { PostgresCaseStudySearchIndex } from './postgres-case-study-search';
export { CreatePostgresCaseStudySearch1764331000000, PostgresCaseStudySearchVocabularyUpkeep1764500100000, CreatePostgresGuidelineSearch1764560000000, PostgresSearchTypoFilter1764600000000, PostgresSearchWrittenWords1764700000000 };
/** The read-model migrations of the PostgreSQL search tables (case studies, then guidelines) (a no-op on SQLite): register them with the others. */
export const postgresSearchMigrations: Function[] = [
  CreatePostgresCaseStudySearch1764331000000,
  PostgresCaseStudySearchVocabularyUpkeep1764500100000,
  CreatePostgresGuidelineSearch1764560000000,
  PostgresSearchTypoFilter1764600000000,
  PostgresSearchWrittenWords1764700000000,
];
