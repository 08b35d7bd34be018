import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSearchTables, dropSearchTables } from './search-tables';

// The PostgreSQL search engine's storage, in the read-model database of the server profile. Plain SQL: the
// tables hold tsvectors, text-search configurations, GIN and trigram indexes that TypeORM entities cannot
// describe, and only the adapter reads them. On SQLite (embedded profile) it does nothing: the embedded engine
// keeps its own index. Migration SQL is frozen: the tables' statements now come from createSearchTables, which
// produces exactly the statements this migration always ran.
export class CreatePostgresCaseStudySearch1764331000000 implements MigrationInterface {
  name = 'CreatePostgresCaseStudySearch1764331000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    // Extensions are per database, not per schema: put pg_trgm in public so dropping a schema never drops it
    // for the others, and serialise the check so schemas migrating together do not race on CREATE EXTENSION.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('sce.search.extensions'))`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // The english, french and russian configurations with the same Snowball stemmers but no stop-word list:
    // every query word must match (Meilisearch's rule), so "the" or "les" in a query must find the documents
    // that contain it, which they cannot once the stop list has dropped it from the index.
    for (const language of ['english', 'french', 'russian']) {
      await queryRunner.query(`CREATE TEXT SEARCH DICTIONARY sce_${language}_stem (TEMPLATE = pg_catalog.snowball, Language = ${language})`);
      await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION sce_${language} (COPY = pg_catalog.${language})`);
      await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION sce_${language} ALTER MAPPING REPLACE pg_catalog.${language}_stem WITH sce_${language}_stem`);
    }
    // The russian configuration stems Latin words in English.
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION sce_russian ALTER MAPPING REPLACE pg_catalog.english_stem WITH sce_english_stem`);
    await createSearchTables(queryRunner, 'case_study_search');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await dropSearchTables(queryRunner, 'case_study_search');
    for (const language of ['english', 'french', 'russian']) await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION sce_${language}`);
    for (const language of ['english', 'french', 'russian']) await queryRunner.query(`DROP TEXT SEARCH DICTIONARY sce_${language}_stem`);
  }
}
