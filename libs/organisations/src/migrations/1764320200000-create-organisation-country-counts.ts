import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOrganisationCountryCounts1764320200000 implements MigrationInterface {
  name = 'CreateOrganisationCountryCounts1764320200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_country_counts',
        columns: [
          { name: 'country', type: 'varchar', length: '2', isPrimary: true },
          { name: 'organisations', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'organisation_country_members',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'country', type: 'varchar', length: '2' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisation_country_members');
    await queryRunner.dropTable('organisation_country_counts');
  }
}
