import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Replaces the LIKE '%,X,%' filters on case_studies.organisation_ids / case_studies.sectors by indexed join
// tables, and fills them from the rows already projected, so the filters work at once, without a rebuild.
// Written out here rather than imported, so this migration means the same thing forever.
export class CreateCaseStudyCodes1764530000000 implements MigrationInterface {
  name = 'CreateCaseStudyCodes1764530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, length] of [
      ['case_study_organisations', 'organisation_id', '36'],
      ['case_study_sectors', 'sector', '40'],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            { name: 'case_study_id', type: 'varchar', length: '36', isPrimary: true },
            { name: column, type: 'varchar', length, isPrimary: true },
          ],
        }),
      );
      const indexName = table === 'case_study_organisations' ? 'idx_case_study_organisations_organisation' : 'idx_case_study_sectors_sector';
      await queryRunner.createIndex(table, new TableIndex({ name: indexName, columnNames: [column, 'case_study_id'] }));
    }
    await backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_study_sectors');
    await queryRunner.dropTable('case_study_organisations');
  }
}

const BATCH = 500;
const codesOf = (list: string) => [...new Set(list.split(',').filter(Boolean))];

async function backfill(queryRunner: QueryRunner): Promise<void> {
  const run = (sql: string, parameters: Record<string, unknown>) => {
    const [query, values] = queryRunner.connection.driver.escapeQueryWithParameters(sql, parameters);
    return queryRunner.query(query, values);
  };
  let after = '';
  for (;;) {
    const rows: { id: string; sectors: string; organisation_ids: string }[] = await run('SELECT id, sectors, organisation_ids FROM case_studies WHERE id > :after ORDER BY id LIMIT :batch', { after, batch: BATCH });
    if (rows.length === 0) return;
    for (const row of rows) {
      for (const organisation of codesOf(row.organisation_ids)) await run('INSERT INTO case_study_organisations (case_study_id, organisation_id) VALUES (:id, :organisation)', { id: row.id, organisation });
      for (const sector of codesOf(row.sectors)) await run('INSERT INTO case_study_sectors (case_study_id, sector) VALUES (:id, :sector)', { id: row.id, sector });
    }
    after = rows[rows.length - 1].id;
  }
}
