import { migrationDatabases, type MigrationDatabase } from '../../../projections/src/testing/read-model-databases';
import { guidelinesContext } from '../index';
import { GuidelineRevisionRow, revisionAt } from '../read-models/guideline-texts';
import { CreateGuidelines1764500000000 } from './1764500000000-create-guidelines';

describe.each(migrationDatabases())('The guideline history migration on %s', (_name, makeDatabase) => {
  let database: MigrationDatabase;
  const open = (migrations: Function[]) => database.open(guidelinesContext.entities, migrations);
  beforeEach(() => (database = makeDatabase()));
  afterEach(() => database.dispose());

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
