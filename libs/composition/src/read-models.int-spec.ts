import { loadConfig } from '@sce/config';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { organisationDecider, organisationStreamId, type OrganisationType } from '@sce/organisations';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInfrastructure, type Infrastructure } from './infrastructure';

const TYPES: OrganisationType[] = ['MUNICIPALITY', 'COMPANY', 'ACADEMIA', 'NGO'];
const COUNTRIES = ['KZ', 'GE', 'UZ', 'MD', 'RS', 'AL'];

async function snapshot(infra: Infrastructure) {
  const tables: Record<string, unknown[]> = {};
  for (const projection of infra.projections.projections) {
    for (const entity of projection.entities) {
      const repository = infra.readModels.getRepository(entity);
      const order = Object.fromEntries(repository.metadata.primaryColumns.map((column) => [column.propertyName, 'ASC']));
      tables[`${projection.name}/${repository.metadata.tableName}`] = await repository.find({ order });
    }
  }
  return tables;
}

async function writeWorkload(infra: Infrastructure, count: number) {
  const handler = new CommandHandler(infra.store);
  const metadata = () => ({ now: new Date(), actorId: 'user-1', correlationId: newId() });
  const ids = Array.from({ length: count }, () => newId());
  await Promise.all(
    ids.map((organisationId, i) =>
      handler.handle(organisationDecider, organisationStreamId(organisationId), {
        type: 'RegisterOrganisation',
        data: { organisationId, founderAccountId: 'user-1', name: `Organisation ${i} Ёлки`, type: TYPES[i % TYPES.length], country: COUNTRIES[i % COUNTRIES.length], city: null, website: null, description: null },
        metadata: metadata(),
      }),
    ),
  );
  await Promise.all(
    ids
      .filter((_, i) => i % 3 === 0)
      .map((organisationId, i) =>
        handler.handle(organisationDecider, organisationStreamId(organisationId), {
          type: 'UpdateOrganisationProfile',
          data: { organisationId, changes: { city: `City ${i}`, description: i % 2 ? 'updated' : null } },
          metadata: metadata(),
        }),
      ),
  );
}

// The postgres profile runs where PostgreSQL is reachable (always in CI; see test/test-servers.js).
const profiles: Array<[string, () => Record<string, string>]> = [
  ['sqlite', () => ({})],
  ...(postgresTestUrl()
    ? [['postgres', () => ({ EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: postgresTestUrl()!, POSTGRES_SCHEMA: uniqueSchemaName('readmodels') })] as [string, () => Record<string, string>]]
    : []),
];

describe.each(profiles)('Read models on %s: rebuild equals the incremental path', (_profileName, profileEnv) => {
  let dir: string;
  let env: Record<string, string>;
  let infra: Infrastructure;
  const config = () => loadConfig({ ...env, DATA_DIR: dir, NODE_ENV: 'test' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-readmodels-'));
    env = profileEnv();
    infra = await createInfrastructure(config(), { runMigrations: true });
    await infra.projections.start();
  });
  afterEach(async () => {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
    if (env.POSTGRES_SCHEMA) await dropSchema(env.POSTGRES_SCHEMA);
  });

  it('gives the same rows after dropping and replaying every projection', async () => {
    await writeWorkload(infra, 300);
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 10000)).toBe(true);
    const incremental = await snapshot(infra);
    expect(Object.values(incremental).flat().length).toBeGreaterThanOrEqual(300);

    const progress: number[] = [];
    for (const projection of infra.projections.projections) await infra.projections.rebuild(projection.name, (position) => progress.push(position));
    expect(await snapshot(infra)).toEqual(incremental);
    expect(progress[progress.length - 1]).toBe(await infra.store.headPosition());
  });

  it('applies every event exactly once when restarted from its checkpoint', async () => {
    await writeWorkload(infra, 60);
    await infra.projections.waitFor(await infra.store.headPosition(), 10000);
    const before = await snapshot(infra);
    await infra.close();

    infra = await createInfrastructure(config(), { runMigrations: true });
    await infra.projections.start();
    await writeWorkload(infra, 30);
    await infra.projections.waitFor(await infra.store.headPosition(), 10000);
    const after = await snapshot(infra);
    expect(after['organisation-directory/organisations']).toHaveLength(before['organisation-directory/organisations'].length + 30);

    await infra.projections.rebuild('organisation-directory');
    expect(await snapshot(infra)).toEqual(after);
  });

  it('stays exactly-once when a rebuild runs while events keep arriving', async () => {
    await writeWorkload(infra, 100);
    await Promise.all([infra.projections.rebuild('organisation-directory'), writeWorkload(infra, 100)]);
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 10000)).toBe(true);
    const live = await snapshot(infra);
    expect(live['organisation-directory/organisations']).toHaveLength(200);
    await infra.projections.rebuild('organisation-directory');
    expect(await snapshot(infra)).toEqual(live);
  });
});
