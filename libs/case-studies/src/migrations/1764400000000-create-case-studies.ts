import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateCaseStudies1764400000000 implements MigrationInterface {
  name = 'CreateCaseStudies1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_studies',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'partnership_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'working_stage', type: 'varchar', length: '20', isNullable: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'country', type: 'varchar', length: '2' },
          { name: 'language', type: 'varchar', length: '35' },
          { name: 'sectors', type: 'varchar', length: '500' },
          { name: 'organisation_ids', type: 'text' },
          { name: 'contributors', type: 'text' },
          { name: 'snapshot', type: 'text' },
          { name: 'revision', type: 'integer' },
          { name: 'published_revision', type: 'integer', isNullable: true },
          { name: 'drafted_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
          { name: 'published_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'submitted_at', type: 'varchar', length: '30', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('case_studies', new TableIndex({ name: 'idx_case_studies_status_id', columnNames: ['status', 'id'] }));
    await queryRunner.createIndex('case_studies', new TableIndex({ name: 'idx_case_studies_organisation_id', columnNames: ['organisation_id', 'id'] }));
    await queryRunner.createIndex('case_studies', new TableIndex({ name: 'idx_case_studies_stage_id', columnNames: ['working_stage', 'id'] }));

    await queryRunner.createTable(
      new Table({
        name: 'case_study_revisions',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'case_study_id', type: 'varchar', length: '36' },
          { name: 'revision', type: 'integer' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'content', type: 'text' },
          { name: 'changed_fields', type: 'varchar', length: '400' },
          { name: 'change_note', type: 'text', isNullable: true },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'occurred_at', type: 'varchar', length: '30' },
          { name: 'published_at', type: 'varchar', length: '30', isNullable: true },
          { name: 'published_revision', type: 'integer', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('case_study_revisions', new TableIndex({ name: 'idx_case_study_revisions_case_study', columnNames: ['case_study_id', 'revision'] }));

    await queryRunner.createTable(
      new Table({
        name: 'case_study_organisation_members',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'account_id', type: 'varchar', length: '36' },
        ],
      }),
    );
    await queryRunner.createIndex('case_study_organisation_members', new TableIndex({ name: 'idx_case_study_organisation_members_account', columnNames: ['account_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_study_organisation_members');
    await queryRunner.dropTable('case_study_revisions');
    await queryRunner.dropTable('case_studies');
  }
}
