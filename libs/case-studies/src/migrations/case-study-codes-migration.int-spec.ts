import { migrationDatabases, type MigrationDatabase } from '../../../projections/src/testing/read-model-databases';
import { CaseStudyOrganisationMemberRow } from '../read-models/case-study-access/case-study-access';
import { CaseStudyOrganisationRow, CaseStudySectorRow } from '../read-models/case-study-directory/case-study-codes';
import { caseStudiesNamingOrganisations, listCaseStudies } from '../read-models/case-study-directory/case-study-directory.queries';
import { CaseStudyRow } from '../read-models/case-study-directory/case-study-row.entity';
import { CaseStudyRevisionRow } from '../read-models/case-study-revisions/case-study-revisions';
import { CreateCaseStudies1764400000000 } from './1764400000000-create-case-studies';
import { CreateCaseStudyCodes1764530000000 } from './1764530000000-create-case-study-codes';

const entities = [CaseStudyRow, CaseStudyOrganisationRow, CaseStudySectorRow, CaseStudyRevisionRow, CaseStudyOrganisationMemberRow];
const admin = { actorId: 'admin', roles: ['ADMIN'] } as never;

describe.each(migrationDatabases())('The case-study codes migration on %s', (_name, makeDatabase) => {
  let database: MigrationDatabase;
  const open = (migrations: Function[]) => database.open(entities, migrations);
  beforeEach(() => (database = makeDatabase()));
  afterEach(() => database.dispose());

  it('fills the join tables from the rows an older version projected, so the filters find them at once, and matches the entities', async () => {
    const before = await open([CreateCaseStudies1764400000000]);
    const row = (id: string, organisationIds: string, sectors: string) =>
      Object.assign(new CaseStudyRow(), {
        id,
        organisationId: organisationIds.split(',')[1],
        partnershipId: null,
        status: 'PUBLISHED',
        workingStage: null,
        title: id,
        country: 'KZ',
        language: 'en',
        sectors,
        organisationIds,
        contributors: ',someone,',
        snapshot: '{}',
        revision: 1,
        publishedRevision: 1,
        draftedAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        publishedAt: '2026-01-01T00:00:00.000Z',
        submittedAt: null,
      });
    await before.getRepository(CaseStudyRow).insert([row('cs-1', ',org-a,org-b,', ',WATER,ENERGY,'), row('cs-2', ',org-b,', ',TRANSPORT,')]);
    await before.destroy();

    const db = await open([CreateCaseStudies1764400000000, CreateCaseStudyCodes1764530000000]);
    try {
      expect(await db.getRepository(CaseStudyOrganisationRow).find({ order: { caseStudyId: 'ASC', organisationId: 'ASC' } })).toEqual([
        { caseStudyId: 'cs-1', organisationId: 'org-a' },
        { caseStudyId: 'cs-1', organisationId: 'org-b' },
        { caseStudyId: 'cs-2', organisationId: 'org-b' },
      ]);
      expect(await db.getRepository(CaseStudySectorRow).count()).toBe(3);
      expect((await listCaseStudies(db, { organisationId: 'org-a' }, admin, 10)).rows.map((found) => found.id)).toEqual(['cs-1']);
      expect((await listCaseStudies(db, { organisationId: 'org-b' }, admin, 10)).rows.map((found) => found.id)).toEqual(['cs-1', 'cs-2']);
      expect((await listCaseStudies(db, { sector: 'TRANSPORT' }, admin, 10)).rows.map((found) => found.id)).toEqual(['cs-2']);
      expect((await caseStudiesNamingOrganisations(db, ['org-a', 'org-b'])).sort()).toEqual(['cs-1', 'cs-2']);
      // What the migrations made is what the entities declare: nothing left for a schema sync to do.
      expect((await db.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
