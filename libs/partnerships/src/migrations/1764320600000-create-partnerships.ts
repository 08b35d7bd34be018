import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePartnerships1764320600000 implements MigrationInterface {
  name = 'CreatePartnerships1764320600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partnerships',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'objectives', type: 'text' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'lead_organisation_id', type: 'varchar', length: '36' },
          { name: 'sectors', type: 'varchar', length: '500' },
          { name: 'countries', type: 'varchar', length: '800' },
          { name: 'starts_on', type: 'varchar', length: '10' },
          { name: 'ends_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'revision', type: 'integer' },
          { name: 'proposed_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('partnerships', new TableIndex({ name: 'idx_partnerships_status_id', columnNames: ['status', 'id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'partnership_members',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'partnership_id', type: 'varchar', length: '36' },
          { name: 'organisation_id', type: 'varchar', length: '36' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'since', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('partnership_members', new TableIndex({ name: 'idx_partnership_members_partnership', columnNames: ['partnership_id'] }));
    await queryRunner.createIndex('partnership_members', new TableIndex({ name: 'idx_partnership_members_organisation', columnNames: ['organisation_id', 'status'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('partnership_members');
    await queryRunner.dropTable('partnerships');
  }
}
