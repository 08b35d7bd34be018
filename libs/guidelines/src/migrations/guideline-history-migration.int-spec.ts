import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { guidelinesContext } from '../index';
import { GuidelineRevisionRow, revisionAt } from '../read-models/guideline-texts';
import { CreateGuidelines1764500000000 } from './1764500000000-create-guidelines';

type Driver = { options(): Promise<DataSourceOptions>; dispose(): Promise<void> };

function sqlite(): Driver {
  const dir = mkdtempSync(join(tmpdir(), 'sce-guideline-history-'));
  return { options: async () => ({ type: 'better-sqlite3', database: join(dir, 'read-models.sqlite') }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgres(): Driver {
  const schema = uniqueSchemaName('migration');
  return {
    async options() {
      const client = new Client({ connectionString: postgresTestUrl() });
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).finally(() => client.end());
      return { type: 'postgres', url: postgresTestUrl(), schema, extra: { options: `-c search_path=${schema},public` } };
    },
    dispose: () => dropSchema(schema),
  };
}

const drivers: Array<[string, () => Driver]> = [['SQLite', sqlite], ...(postgresTestUrl() ? [['PostgreSQL', postgres] as [string, () => Driver]] : [])];

describe.each(drivers)('The guideline history migration on %s', (_name, makeDriver) => {
  let driver: Driver;
  const open = async (migrations: Function[]) => {
    const db = new DataSource({ ...(await driver.options()), entities: guidelinesContext.entities, migrations, migrationsTableName: 'read_model_migrations', synchronize: false } as DataSourceOptions);
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    return db;
  };
  beforeEach(() => (driver = makeDriver()));
  afterEach(() => driver.dispose());

  it('adds its tables and index beside rows an older version projected, matches the entities, and undoes cleanly', async () => {
    const older = await open([CreateGuidelines1764500000000]);
    const row = { id: 'g-1:1', guidelineId: 'g-1', revision: 1, sectionOrder: '["s"]', editedBy: 'a-1', changeNote: null, amendmentId: null, proposedBy: null, occurredAt: '2026-01-01T00:00:00.000Z' };
    await older.getRepository(GuidelineRevisionRow).insert(row);
    await older.destroy();

    const db = await open(guidelinesContext.migrations);
    try {
      expect(await revisionAt(db, 'g-1', '2026-01-02T00:00:00.000Z')).toMatchObject({ revision: 1 });
      expect(await revisionAt(db, 'g-1', '2025-12-31T00:00:00.000Z')).toBeNull();
      // What the migrations made is what the entities declare: nothing left for a schema sync to do.
      expect((await db.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query)).toEqual([]);
      await db.undoLastMigration({ transaction: 'each' });
      const runner = db.createQueryRunner();
      try {
        expect(await runner.hasTable('guideline_section_blames')).toBe(false);
        expect(await runner.hasTable('guideline_evidence_periods')).toBe(false);
        expect(await runner.hasTable('guideline_cited_case_studies')).toBe(false);
        expect((await runner.getTable('guideline_revisions'))!.indices.map((index) => index.name)).not.toContain('idx_guideline_revisions_occurred');
      } finally {
        await runner.release();
      }
      expect(await db.getRepository(GuidelineRevisionRow).count()).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
