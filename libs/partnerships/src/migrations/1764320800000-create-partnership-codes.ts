import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Replaces the LIKE '%,X,%' filters on partnerships.sectors / partnerships.countries by indexed join tables,
// and fills them from the rows already projected, so the filters work at once, without a rebuild. Older
// versions stored country codes as given ("kz"): the backfill upper-cases them, as the v1 upcaster does for
// a replay. Written out here rather than imported, so this migration means the same thing forever.
export class CreatePartnershipCodes1764320800000 implements MigrationInterface {
  name = 'CreatePartnershipCodes1764320800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, length] of [
      ['partnership_countries', 'country', '2'],
      ['partnership_sectors', 'sector', '40'],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            { name: 'partnership_id', type: 'varchar', length: '36', isPrimary: true },
            { name: column, type: 'varchar', length, isPrimary: true },
          ],
        }),
      );
      await queryRunner.createIndex(table, new TableIndex({ name: `idx_${table}_${column}`, columnNames: [column, 'partnership_id'] }));
    }
    await backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('partnership_sectors');
    await queryRunner.dropTable('partnership_countries');
  }
}

const BATCH = 500;
const codesOf = (list: string) => [...new Set(list.split(',').map((code) => code.trim()).filter(Boolean))];

async function backfill(queryRunner: QueryRunner): Promise<void> {
  const run = (sql: string, parameters: Record<string, unknown>) => {
    const [query, values] = queryRunner.connection.driver.escapeQueryWithParameters(sql, parameters);
    return queryRunner.query(query, values);
  };
  let after = '';
  for (;;) {
    const rows: { id: string; sectors: string; countries: string }[] = await run('SELECT id, sectors, countries FROM partnerships WHERE id > :after ORDER BY id LIMIT :batch', { after, batch: BATCH });
    if (rows.length === 0) return;
    for (const row of rows) {
      const countries = [...new Set(codesOf(row.countries).map((code) => code.toUpperCase()))];
      const normalised = `,${countries.join(',')},`;
      if (normalised !== row.countries) await run('UPDATE partnerships SET countries = :normalised WHERE id = :id', { normalised, id: row.id });
      for (const country of countries) await run('INSERT INTO partnership_countries (partnership_id, country) VALUES (:id, :country)', { id: row.id, country });
      for (const sector of codesOf(row.sectors)) await run('INSERT INTO partnership_sectors (partnership_id, sector) VALUES (:id, :sector)', { id: row.id, sector });
    }
    after = rows[rows.length - 1].id;
  }
}
