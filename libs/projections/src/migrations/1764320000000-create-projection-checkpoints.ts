import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateProjectionCheckpoints1764320000000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'projection_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint' },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('projection_checkpoints');
  }
}
