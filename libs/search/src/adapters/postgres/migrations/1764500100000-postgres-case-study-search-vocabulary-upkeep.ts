import type { MigrationInterface, QueryRunner } from 'typeorm';

// Every indexed batch changes the document counts of tens of thousands of vocabulary terms. With full pages
// each change is a new row version in a new page, so all four indexes of the table (one a trigram GIN) get an
// entry for it; room left in each page lets PostgreSQL update the count in place (a heap-only update, no index
// touched). Applies to pages written from now on; an existing table gets the room as it is rewritten.
export class PostgresCaseStudySearchVocabularyUpkeep1764500100000 implements MigrationInterface {
  name = 'PostgresCaseStudySearchVocabularyUpkeep1764500100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE case_study_search_terms SET (fillfactor = 50)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE case_study_search_terms RESET (fillfactor)');
  }
}
