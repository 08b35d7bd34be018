import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateProjectionParkedEvents1764320700000 implements MigrationInterface {
  name = 'CreateProjectionParkedEvents1764320700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'projection_parked_events',
        columns: [
          { name: 'projection', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint', isPrimary: true },
          { name: 'stream_id', type: 'varchar', length: '300' },
          { name: 'revision', type: 'integer' },
          { name: 'event_type', type: 'varchar', length: '200' },
          { name: 'error', type: 'text' },
          { name: 'attempts', type: 'integer' },
          { name: 'parked_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('projection_parked_events');
  }
}
