import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each document's words as written (folded), beside its stems: the typo tier counts a typo against the word a
// document holds, not against a stem every inflection shares (with stems alone, a document holding another
// form of the corrected word in its title outranked the one holding the word itself). Rows written before
// have none (NULL): they still match, and rank by stems until fed again (`npm run cli -- projections:rebuild
// case-study-search`, and `guideline-search`), or as each is next revised.
// Both stores (case studies, guidelines). A no-op on SQLite.
export class PostgresSearchWrittenWords1764700000000 implements MigrationInterface {
  name = 'PostgresSearchWrittenWords1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    for (const prefix of ['case_study_search', 'guideline_search']) {
      await queryRunner.query(`ALTER TABLE ${prefix}_documents ADD COLUMN written tsvector`);
      await queryRunner.query(`CREATE INDEX idx_${prefix}_written ON ${prefix}_documents USING gin (written)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    for (const prefix of ['guideline_search', 'case_study_search']) await queryRunner.query(`ALTER TABLE ${prefix}_documents DROP COLUMN written`);
  }
}
