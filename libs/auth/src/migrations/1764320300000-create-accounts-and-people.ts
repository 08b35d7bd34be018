import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAccountsAndPeople1764320300000 implements MigrationInterface {
  name = 'CreateAccountsAndPeople1764320300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roles', type: 'varchar', length: '200' },
          { name: 'revision', type: 'integer' },
          { name: 'registered_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'people',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'email_key', type: 'varchar', length: '254', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '300' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('people');
    await queryRunner.dropTable('accounts');
  }
}
