import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOrganisations1764320100000 implements MigrationInterface {
  name = 'CreateOrganisations1764320100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'country', type: 'varchar', length: '2' },
          { name: 'city', type: 'varchar', length: '120', isNullable: true },
          { name: 'website', type: 'varchar', length: '300', isNullable: true },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'revision', type: 'integer' },
          { name: 'registered_at', type: 'varchar', length: '30' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex('organisations', new TableIndex({ name: 'idx_organisations_country_id', columnNames: ['country', 'id'] }));
    await queryRunner.createIndex('organisations', new TableIndex({ name: 'idx_organisations_type_id', columnNames: ['type', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisations');
  }
}
