import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the history queries read besides the texts: the blame of every section over runs of revisions, the
 * evidence with when each citation started and stopped, this context's copy of the cited case studies'
 * publication state, and an index to find the revision standing at an instant.
 */
export class CreateGuidelineHistory1764510000000 implements MigrationInterface {
  name = 'CreateGuidelineHistory1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('guideline_revisions', new TableIndex({ name: 'idx_guideline_revisions_occurred', columnNames: ['guideline_id', 'occurred_at', 'revision'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_section_blames',
        columns: [
          { name: 'id', type: 'varchar', length: '160', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'section_id', type: 'varchar', length: '100' },
          { name: 'from_revision', type: 'integer' },
          { name: 'to_revision', type: 'integer', isNullable: true },
          { name: 'blame', type: 'text' },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_section_blames', new TableIndex({ name: 'idx_guideline_section_blames_section', columnNames: ['guideline_id', 'section_id', 'from_revision'] }));
    await queryRunner.createIndex('guideline_section_blames', new TableIndex({ name: 'idx_guideline_section_blames_open', columnNames: ['guideline_id', 'to_revision'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_evidence_periods',
        columns: [
          { name: 'id', type: 'varchar', length: '60', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'section_id', type: 'varchar', length: '100' },
          { name: 'case_study_id', type: 'varchar', length: '100' },
          { name: 'case_study_revision', type: 'integer' },
          { name: 'cited_text_revision', type: 'integer', isNullable: true },
          { name: 'cited_by', type: 'varchar', length: '36' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'cited_at', type: 'varchar', length: '30' },
          { name: 'withdrawn_at', type: 'varchar', length: '30', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_evidence_periods', new TableIndex({ name: 'idx_guideline_evidence_periods_guideline', columnNames: ['guideline_id', 'cited_at'] }));
    await queryRunner.createIndex('guideline_evidence_periods', new TableIndex({ name: 'idx_guideline_evidence_periods_case_study', columnNames: ['case_study_id', 'withdrawn_at'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_cited_case_studies',
        columns: [
          { name: 'case_study_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'latest_text_revision', type: 'integer' },
          { name: 'published_revision', type: 'integer', isNullable: true },
          { name: 'published_text_revision', type: 'integer', isNullable: true },
          { name: 'changed_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('guideline_cited_case_studies');
    await queryRunner.dropTable('guideline_evidence_periods');
    await queryRunner.dropTable('guideline_section_blames');
    await queryRunner.dropIndex('guideline_revisions', 'idx_guideline_revisions_occurred');
  }
}
