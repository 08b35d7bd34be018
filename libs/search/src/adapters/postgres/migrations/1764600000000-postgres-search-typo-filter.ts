import type { MigrationInterface, QueryRunner } from 'typeorm';

// fuzzystrmatch's levenshtein_less_equal filters the vocabulary rows a typo lookup finds (one C call per row,
// where 20 to 50 LIKE patterns per row cost four times as much at 20,000 documents); the exact rule is still
// checked by the adapter. In public, under the same lock as pg_trgm (CreatePostgresCaseStudySearch). A no-op on
// SQLite. Down leaves the extension: other schemas of the database may use it.
export class PostgresSearchTypoFilter1764600000000 implements MigrationInterface {
  name = 'PostgresSearchTypoFilter1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('sce.search.extensions'))`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public`);
  }

  async down(): Promise<void> {
    // Nothing: the extension is the database's.
  }
}
