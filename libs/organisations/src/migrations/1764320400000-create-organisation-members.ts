import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOrganisationMembers1764320400000 implements MigrationInterface {
  name = 'CreateOrganisationMembers1764320400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_members',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'account_id', type: 'varchar', length: '36' },
          { name: 'role', type: 'varchar', length: '10' },
          { name: 'since', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('organisation_members', new TableIndex({ name: 'idx_organisation_members_organisation', columnNames: ['organisation_id'] }));
    await queryRunner.createIndex('organisation_members', new TableIndex({ name: 'idx_organisation_members_account', columnNames: ['account_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisation_members');
  }
}
