import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateGuidelines1764500000000 implements MigrationInterface {
  name = 'CreateGuidelines1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'guidelines',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'review_stage', type: 'varchar', length: '20', isNullable: true },
          { name: 'review_revision', type: 'integer', isNullable: true },
          { name: 'review_decision', type: 'varchar', length: '20', isNullable: true },
          { name: 'reviewed_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'summary', type: 'text' },
          { name: 'sectors', type: 'varchar', length: '500' },
          { name: 'language', type: 'varchar', length: '35' },
          { name: 'authors', type: 'text' },
          { name: 'revision', type: 'integer' },
          { name: 'stream_revision', type: 'integer' },
          { name: 'latest_major', type: 'integer', isNullable: true },
          { name: 'latest_minor', type: 'integer', isNullable: true },
          { name: 'published_revision', type: 'integer', isNullable: true },
          { name: 'published_stream_revision', type: 'integer', isNullable: true },
          { name: 'published_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'successor_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'withdraw_reason', type: 'text', isNullable: true },
          { name: 'drafted_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('guidelines', new TableIndex({ name: 'idx_guidelines_status_id', columnNames: ['status', 'id'] }));
    await queryRunner.createIndex('guidelines', new TableIndex({ name: 'idx_guidelines_published_id', columnNames: ['published_revision', 'id'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_revisions',
        columns: [
          { name: 'id', type: 'varchar', length: '60', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'revision', type: 'integer' },
          { name: 'section_order', type: 'text' },
          { name: 'edited_by', type: 'varchar', length: '36' },
          { name: 'change_note', type: 'text', isNullable: true },
          { name: 'amendment_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'proposed_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'occurred_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_revisions', new TableIndex({ name: 'idx_guideline_revisions_guideline', columnNames: ['guideline_id', 'revision'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_section_texts',
        columns: [
          { name: 'id', type: 'varchar', length: '160', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'section_id', type: 'varchar', length: '100' },
          { name: 'from_revision', type: 'integer' },
          { name: 'to_revision', type: 'integer', isNullable: true },
          { name: 'heading', type: 'varchar', length: '200' },
          { name: 'body', type: 'text' },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_section_texts', new TableIndex({ name: 'idx_guideline_section_texts_section', columnNames: ['guideline_id', 'section_id', 'from_revision'] }));
    await queryRunner.createIndex('guideline_section_texts', new TableIndex({ name: 'idx_guideline_section_texts_open', columnNames: ['guideline_id', 'to_revision'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_versions',
        columns: [
          { name: 'id', type: 'varchar', length: '60', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'major', type: 'integer' },
          { name: 'minor', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'revision', type: 'integer' },
          { name: 'change_summary', type: 'text' },
          { name: 'approved_by', type: 'varchar', length: '36' },
          { name: 'published_by', type: 'varchar', length: '36' },
          { name: 'published_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_versions', new TableIndex({ name: 'idx_guideline_versions_guideline', columnNames: ['guideline_id', 'major', 'minor'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_comments',
        columns: [
          { name: 'id', type: 'varchar', length: '140', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'comment_id', type: 'varchar', length: '100' },
          { name: 'commented_by', type: 'varchar', length: '36' },
          { name: 'text', type: 'text' },
          { name: 'commented_at', type: 'varchar', length: '30' },
          { name: 'anchor', type: 'text' },
          { name: 'current_anchor', type: 'text' },
          { name: 'current_section_id', type: 'varchar', length: '100' },
          { name: 'anchor_status', type: 'varchar', length: '10' },
          { name: 'replies', type: 'text' },
          { name: 'resolved_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'resolved_at', type: 'varchar', length: '30', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_comments', new TableIndex({ name: 'idx_guideline_comments_guideline', columnNames: ['guideline_id', 'commented_at'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_evidence',
        columns: [
          { name: 'id', type: 'varchar', length: '240', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'section_id', type: 'varchar', length: '100' },
          { name: 'case_study_id', type: 'varchar', length: '100' },
          { name: 'case_study_revision', type: 'integer' },
          { name: 'cited_by', type: 'varchar', length: '36' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'cited_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_evidence', new TableIndex({ name: 'idx_guideline_evidence_guideline', columnNames: ['guideline_id', 'section_id'] }));
    await queryRunner.createIndex('guideline_evidence', new TableIndex({ name: 'idx_guideline_evidence_case_study', columnNames: ['case_study_id'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_amendments',
        columns: [
          { name: 'id', type: 'varchar', length: '140', isPrimary: true },
          { name: 'guideline_id', type: 'varchar', length: '36' },
          { name: 'amendment_id', type: 'varchar', length: '100' },
          { name: 'proposed_by', type: 'varchar', length: '36' },
          { name: 'revision', type: 'integer' },
          { name: 'changes', type: 'text' },
          { name: 'rationale', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'decided_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'proposed_at', type: 'varchar', length: '30' },
          { name: 'decided_at', type: 'varchar', length: '30', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('guideline_amendments', new TableIndex({ name: 'idx_guideline_amendments_guideline', columnNames: ['guideline_id', 'proposed_at'] }));

    await queryRunner.createTable(
      new Table({
        name: 'guideline_account_roles',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roles', type: 'varchar', length: '200' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['guideline_account_roles', 'guideline_amendments', 'guideline_evidence', 'guideline_comments', 'guideline_versions', 'guideline_section_texts', 'guideline_revisions', 'guidelines']) await queryRunner.dropTable(table);
  }
}
