import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSearchTables, dropSearchTables } from './search-tables';

// Guideline search's own store in the server profile: the case-study engine's tables under the prefix
// guideline_search (the text-search configurations and pg_trgm come from CreatePostgresCaseStudySearch, which
// runs first), with the vocabulary's page room of PostgresCaseStudySearchVocabularyUpkeep. A no-op on SQLite.
export class CreatePostgresGuidelineSearch1764560000000 implements MigrationInterface {
  name = 'CreatePostgresGuidelineSearch1764560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await createSearchTables(queryRunner, 'guideline_search');
    await queryRunner.query('ALTER TABLE guideline_search_terms SET (fillfactor = 50)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await dropSearchTables(queryRunner, 'guideline_search');
  }
}
