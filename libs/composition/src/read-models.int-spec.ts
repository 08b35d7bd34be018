import Database from 'better-sqlite3';
import { loadConfig } from '@sce/config';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { organisationDecider, organisationStreamId, type OrganisationType } from '@sce/organisations';
import { partnershipDecider, partnershipStreamId } from '@sce/partnerships';
import { caseStudyDecider, caseStudyStreamId, type CaseStudyCommand } from '@sce/case-studies';
import { aContent } from '../../case-studies/src/testing/case-study-content.fixture';
import type { Sector } from '@sce/vocabulary';
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

async function indexNames(infra: Infrastructure, table: string): Promise<string[]> {
  const rows: { name: string }[] =
    infra.readModels.options.type === 'postgres'
      ? await infra.readModels.query('SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND schemaname = current_schema() ORDER BY indexname', [table])
      : await infra.readModels.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name`, [table]);
  return rows.map((row) => row.name);
}

async function tableNames(infra: Infrastructure): Promise<string[]> {
  const rows: { name: string }[] =
    infra.readModels.options.type === 'postgres'
      ? await infra.readModels.query('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')
      : await infra.readModels.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  return rows.map((row) => row.name);
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
  // Partnerships, so the directory's join tables are compared too: proposed today (normalised by the decider),
  // and as version 1 wrote them, with codes as given (normalised by the upcaster on every read).
  await Promise.all(
    ids
      .filter((_, i) => i % 5 === 0)
      .map((leadOrganisationId, i) => {
        const partnershipId = newId();
        const sectors: Sector[] = i % 2 ? ['WATER', 'ENERGY'] : ['TRANSPORT'];
        const plan = {
          partnershipId,
          leadOrganisationId,
          title: `Partnership ${i}`,
          objectives: 'Compare rebuilt and incremental read models',
          sectors,
          startsOn: '2026-01-01',
          endsOn: null,
        };
        if (i % 3 === 0) {
          const event = { id: newId(), type: 'PartnershipProposed', schemaVersion: 1, data: { ...plan, countries: ['kz', 'KZ', ` ${COUNTRIES[i % COUNTRIES.length].toLowerCase()}`] }, metadata: { actorId: 'user-1', correlationId: newId(), causationId: null, occurredAt: new Date().toISOString() } };
          return infra.store.appendToStream(partnershipStreamId(partnershipId), [event], { expectedRevision: 'no_stream' });
        }
        return handler.handle(partnershipDecider, partnershipStreamId(partnershipId), {
          type: 'ProposePartnership',
          data: { ...plan, countries: [COUNTRIES[i % COUNTRIES.length].toLowerCase(), ' Kz '] },
          metadata: metadata(),
        });
      }),
  );
}

// Case studies through their lifecycle, so the case-study read models (directory, revisions) are compared too.
async function writeCaseStudies(infra: Infrastructure, organisationIds: string[]) {
  const handler = new CommandHandler(infra.store);
  await Promise.all(
    organisationIds.map(async (organisationId, i) => {
      const caseStudyId = newId();
      const run = (type: CaseStudyCommand['type'], data: object, actorId = 'user-1') =>
        handler.handle(caseStudyDecider, caseStudyStreamId(caseStudyId), { type, data: { caseStudyId, ...data }, metadata: { now: new Date(), actorId, correlationId: newId() } } as CaseStudyCommand);
      await run('DraftCaseStudy', { organisationId, content: aContent({ title: `Case study ${i} Ёлки`, organisationIds: [] }) });
      if (i % 2 === 0) {
        // A draft whose sectors change, so the directory's code rows must follow.
        if (i % 4 === 0) await run('ReviseCaseStudy', { changes: { sectors: ['WATER'] }, changeNote: 'Narrower' });
        return;
      }
      await run('SubmitCaseStudy', {});
      await run('ReviewCaseStudy', { decision: 'APPROVE', comments: [], reviewer: { roles: ['REVIEWER'], memberOf: [] } }, 'reviewer-1');
      if (i % 3 === 0) await run('ReviseCaseStudy', { changes: { summary: `Revised summary ${i}` }, changeNote: 'Newer figures' });
    }),
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
    await writeCaseStudies(infra, Array.from({ length: 30 }, () => newId()));
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 10000)).toBe(true);
    const incremental = await snapshot(infra);
    expect(incremental['case-study-directory/case_studies']).toHaveLength(30);
    expect(incremental['case-study-revisions/case_study_revisions']).toHaveLength(43);
    // The code rows the list filters join on say what each directory row lists.
    const codeRows = (table: string, column: string, id: string) => (incremental[`case-study-directory/${table}`] as any[]).filter((row) => row.caseStudyId === id).map((row) => row[column]).sort();
    for (const row of incremental['case-study-directory/case_studies'] as any[]) {
      expect(codeRows('case_study_sectors', 'sector', row.id)).toEqual(row.sectors.split(',').filter(Boolean).sort());
      expect(codeRows('case_study_organisations', 'organisationId', row.id)).toEqual(row.organisationIds.split(',').filter(Boolean).sort());
    }
    expect((incremental['case-study-directory/case_studies'] as any[]).filter((row) => row.sectors === ',WATER,').length).toBeGreaterThan(0);
    expect(Object.values(incremental).flat().length).toBeGreaterThanOrEqual(300);

    // Every partnership has its code rows, upper-case whatever spelling its event holds.
    const partnerships = incremental['partnership-directory/partnerships'] as { id: string; countries: string }[];
    const countryRows = incremental['partnership-directory/partnership_countries'] as { partnershipId: string; country: string }[];
    expect(partnerships).toHaveLength(60);
    expect(countryRows.every((row) => /^[A-Z]{2}$/.test(row.country))).toBe(true);
    for (const partnership of partnerships) {
      const codes = countryRows.filter((row) => row.partnershipId === partnership.id).map((row) => row.country);
      expect(partnership.countries.split(',').filter(Boolean).sort()).toEqual(codes.sort());
    }
    expect(incremental['partnership-directory/partnership_sectors']).toHaveLength(90);

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

  it('rebuilds beside the live tables: reads keep every row until the new tables take over, with the same rows and index names', async () => {
    await writeWorkload(infra, 100);
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 10000)).toBe(true);
    const indexesBefore = await indexNames(infra, 'organisations');
    const count = async () => Number(((await infra.readModels.query('SELECT COUNT(*) AS count FROM organisations')) as { count: string | number }[])[0].count);
    // Read while the rebuild goes on: at each step it reports, and between its steps.
    const reads: Array<Promise<number>> = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        reads.push(count());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([infra.projections.rebuildBesideLive('organisation-directory', () => reads.push(count())), writeWorkload(infra, 100)]);
    reading = false;
    await reader;
    expect(Math.min(...(await Promise.all(reads)))).toBeGreaterThanOrEqual(100);
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 10000)).toBe(true);

    const blueGreen = await snapshot(infra);
    expect(blueGreen['organisation-directory/organisations']).toHaveLength(200);
    expect(await indexNames(infra, 'organisations')).toEqual(indexesBefore);
    expect(await tableNames(infra)).not.toContainEqual(expect.stringMatching(/^bg[0-9a-f]{8}_/));
    await infra.projections.rebuild('organisation-directory');
    expect(await snapshot(infra)).toEqual(blueGreen);
  });

  it('stays exactly-once when a rebuild runs while events keep arriving', async () => {
    await writeWorkload(infra, 100);
    await Promise.all([infra.projections.rebuild('organisation-directory'), writeWorkload(infra, 100)]);
    const head = await infra.store.headPosition();
    // Generous: on PostgreSQL, readers see an event only once every older transaction in the cluster has ended,
    // and a loaded CI machine runs other suites' transactions meanwhile. On a miss, say who lagged.
    const caughtUp = await infra.projections.waitFor(head, 60000);
    expect({ caughtUp, head, behind: caughtUp ? {} : Object.fromEntries(Object.entries(infra.projections.checkpoints()).filter(([, position]) => position < head)) }).toEqual({ caughtUp: true, head, behind: {} });
    const live = await snapshot(infra);
    expect(live['organisation-directory/organisations']).toHaveLength(200);
    await infra.projections.rebuild('organisation-directory');
    expect(await snapshot(infra)).toEqual(live);
  }, 120_000);
});

// PostgreSQL text columns refuse NUL. The stores now refuse it too, but a log written by an older version
// may hold one: that one event used to stop every projection. The spec writes it as such a version did.
const logAndReadModels: Array<[string, () => Record<string, string>]> = [
  ['a SQLite log and SQLite read models', () => ({})],
  ...(postgresTestUrl()
    ? [['a SQLite log and PostgreSQL read models', () => ({ READ_MODELS_DRIVER: 'postgres', POSTGRES_URL: postgresTestUrl()!, POSTGRES_SCHEMA: uniqueSchemaName('readmodels') })] as [string, () => Record<string, string>]]
    : []),
];

describe.each(logAndReadModels)('An organisation name with a NUL character, with %s', (_profileName, profileEnv) => {
  let dir: string;
  let env: Record<string, string>;
  let infra: Infrastructure;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-nul-'));
    env = profileEnv();
    infra = await createInfrastructure(loadConfig({ ...env, DATA_DIR: dir, NODE_ENV: 'test' }), { runMigrations: true });
    await infra.projections.start();
  });
  afterEach(async () => {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
    if (env.POSTGRES_SCHEMA) await dropSchema(env.POSTGRES_SCHEMA);
  });

  it('holds up neither its own mutation nor the next one: refused by the read models, it is parked', async () => {
    const handler = new CommandHandler(infra.store);
    const register = (name: string) => {
      const organisationId = newId();
      return handler.handle(organisationDecider, organisationStreamId(organisationId), {
        type: 'RegisterOrganisation',
        data: { organisationId, founderAccountId: 'user-1', name, type: 'NGO', country: 'AM', city: null, website: null, description: null },
        metadata: { now: new Date(), actorId: 'user-1', correlationId: newId() },
      });
    };
    const poisoned = writtenByAnOlderVersion(join(dir, 'exchange.sqlite'), 'Bad\u0000Name');
    const innocent = await register('Good Name');
    expect(await infra.projections.waitFor(poisoned.position, 5000)).toBe(true);
    expect(await infra.projections.waitFor(innocent.lastPosition, 2000)).toBe(true);

    const names = (await infra.readModels.query('SELECT name FROM organisations ORDER BY name')) as { name: string }[];
    const parked = await infra.projections.parked();
    if (infra.readModels.options.type === 'postgres') {
      expect(names.map((row) => row.name)).toEqual(['Good Name']);
      expect(parked).toEqual([expect.objectContaining({ projection: 'organisation-directory', streamId: poisoned.streamId, revision: 0, eventType: 'OrganisationRegistered', attempts: 3 })]);
      expect(parked[0].error).toMatch(/0x00/);
      expect((await infra.projections.status()).parked['organisation-directory']).toBe(1);
    } else {
      expect(names.map((row) => row.name)).toEqual(['Bad\u0000Name', 'Good Name']);
      expect(parked).toEqual([]);
    }
  });
});

// An OrganisationRegistered event inserted straight into the SQLite log, past today's payload checks.
function writtenByAnOlderVersion(file: string, name: string): { streamId: string; position: number } {
  const organisationId = newId();
  const streamId = organisationStreamId(organisationId);
  const data = { organisationId, founderAccountId: 'user-1', name, type: 'NGO', country: 'AM', city: null, website: null, description: null };
  const metadata = { actorId: 'user-1', correlationId: newId(), causationId: null, occurredAt: new Date().toISOString() };
  const db = new Database(file);
  try {
    const inserted = db
      .prepare('INSERT INTO events (stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, 0, ?, ?, 1, ?, ?, ?)')
      .run(streamId, newId(), 'OrganisationRegistered', JSON.stringify(data), JSON.stringify(metadata), new Date().toISOString());
    return { streamId, position: Number(inserted.lastInsertRowid) };
  } finally {
    db.close();
  }
}
