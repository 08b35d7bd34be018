import { migrationDatabases, type MigrationDatabase } from '../../../projections/src/testing/read-model-databases';
import { PartnershipCountryRow, PartnershipSectorRow } from '../read-models/partnership-codes';
import { listPartnerships, PartnershipRow } from '../read-models/partnership-directory';
import { PartnershipMemberRow } from '../read-models/partnership-members';
import { CreatePartnerships1764320600000 } from './1764320600000-create-partnerships';
import { CreatePartnershipCodes1764320800000 } from './1764320800000-create-partnership-codes';

const entities = [PartnershipRow, PartnershipCountryRow, PartnershipSectorRow, PartnershipMemberRow];

describe.each(migrationDatabases())('The partnership codes migration on %s', (_name, makeDatabase) => {
  let database: MigrationDatabase;
  const open = (migrations: Function[]) => database.open(entities, migrations);
  beforeEach(() => (database = makeDatabase()));
  afterEach(() => database.dispose());

  it('fills the join tables from the rows an older version projected, upper-casing their codes, and matches the entities', async () => {
    const before = await open([CreatePartnerships1764320600000]);
    const row = (id: string, countries: string, sectors: string) =>
      Object.assign(new PartnershipRow(), { id, title: id, objectives: '', status: 'PROPOSED', leadOrganisationId: 'lead', sectors, countries, startsOn: '2026-01-01', endsOn: null, revision: 0, proposedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    await before.getRepository(PartnershipRow).insert([row('p-1', ',kz,KZ,ge,', ',WATER,ENERGY,'), row('p-2', ',UZ,', ',TRANSPORT,')]);
    await before.destroy();

    const db = await open([CreatePartnerships1764320600000, CreatePartnershipCodes1764320800000]);
    try {
      expect(await db.getRepository(PartnershipCountryRow).find({ order: { partnershipId: 'ASC', country: 'ASC' } })).toEqual([
        { partnershipId: 'p-1', country: 'GE' },
        { partnershipId: 'p-1', country: 'KZ' },
        { partnershipId: 'p-2', country: 'UZ' },
      ]);
      expect(await db.getRepository(PartnershipSectorRow).count()).toBe(3);
      expect((await db.getRepository(PartnershipRow).findOneByOrFail({ id: 'p-1' })).countries).toBe(',KZ,GE,');
      expect((await listPartnerships(db, { country: ' kz' }, 10)).rows.map((found) => found.id)).toEqual(['p-1']);
      expect((await listPartnerships(db, { sector: 'TRANSPORT' }, 10)).rows.map((found) => found.id)).toEqual(['p-2']);
      // What the migrations made is what the entities declare: nothing left for a schema sync to do.
      expect((await db.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
