import { loadConfig } from '@sce/config';
import { createInfrastructure, projections as registeredProjections } from '@sce/composition';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { organisationDecider, organisationStreamId } from '@sce/organisations';
import { ProjectionParkedEventEntity } from '@sce/projections';
import { CASE_STUDY_SEARCH_FEED } from '@sce/case-studies';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

describe('The admin CLI', () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), interactive: false }, { DATA_DIR: dir, NODE_ENV: 'test' });
    return { code, out, err };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-cli-'));
    const infra = await createInfrastructure(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' }), { runMigrations: true });
    const handler = new CommandHandler(infra.store);
    for (const name of ['Yerevan', 'Gyumri']) {
      const organisationId = newId();
      await handler.handle(organisationDecider, organisationStreamId(organisationId), {
        type: 'RegisterOrganisation',
        data: { organisationId, founderAccountId: 'admin-1', name, type: 'MUNICIPALITY', country: 'AM', city: name, website: null, description: null },
        metadata: { now: new Date('2026-11-28T10:00:00Z'), actorId: 'admin-1', correlationId: 'cli-test' },
      });
    }
    await infra.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate lists the applied migrations', async () => {
    const { code, out } = await run('migrate');
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/CreateOrganisations/);
  });

  it('events:tail prints the log, with --after, --limit and --json', async () => {
    const all = await run('events:tail');
    // Each registration is two events: OrganisationRegistered and the founder as OWNER.
    expect(all.out).toHaveLength(4);
    expect(all.out[0]).toMatch(/^\s+1 {2}2026-11-28T10:00:00.000Z {2}organisation-[0-9a-f-]+@0 {2}OrganisationRegistered.v1 {2}actor=admin-1$/);
    expect(all.out[1]).toMatch(/^\s+2 {2}.*@1 {2}OrganisationMemberAdded.v1 {2}actor=admin-1$/);
    const json = await run('events:tail', '--after', '2', '--limit', '1', '--json');
    expect(json.out.map((line) => JSON.parse(line).data.name)).toEqual(['Gyumri']);
  });

  it('projections:rebuild replays the log and projections:status shows it caught up', async () => {
    const rebuild = await run('projections:rebuild');
    expect(rebuild.code).toBe(0);
    // The search index's sink projection is rebuilt too: emptied, then refilled from the log.
    const projections = [...registeredProjections.map((projection) => projection.name), CASE_STUDY_SEARCH_FEED];
    expect(rebuild.out).toEqual(projections.map((name) => expect.stringMatching(new RegExp(`^rebuilt ${name} up to position 4 in \\d+ ms$`))));
    const status = await run('projections:status');
    expect(status.out).toEqual(['head 4', ...projections.map((name) => `${name}: 4 (0 behind)`)]);
    const besideLive = await run('projections:rebuild', 'organisation-directory', '--beside-live');
    expect(besideLive.out).toEqual([expect.stringMatching(/^rebuilt organisation-directory up to position 4 in \d+ ms$/)]);
    expect((await run('projections:status')).out).toContain('organisation-directory: 4 (0 behind)');
  });

  it('projections:parked lists parked events, projections:status counts them, projections:retry-parked applies them again', async () => {
    // Parked as the runner parks an event it keeps failing on; this one succeeds when tried again.
    const infra = await createInfrastructure(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' }));
    const [event] = await infra.store.readAll({ maxCount: 1 });
    await infra.readModels.getRepository(ProjectionParkedEventEntity).insert({
      projection: 'organisation-directory',
      position: event.globalPosition,
      streamId: event.streamId,
      revision: event.streamRevision,
      eventType: event.type,
      error: 'QueryFailedError: invalid byte sequence for encoding "UTF8": 0x00',
      attempts: 3,
      parkedAt: '2026-11-28T10:00:01.000Z',
    });
    await infra.close();

    const listed = await run('projections:parked');
    expect(listed.out).toEqual([
      `organisation-directory  1  ${event.streamId}@0  OrganisationRegistered  attempts=3  parked 2026-11-28T10:00:01.000Z  QueryFailedError: invalid byte sequence for encoding "UTF8": 0x00`,
    ]);
    expect((await run('projections:parked', 'organisation-directory', '--json')).out.map((line) => JSON.parse(line).position)).toEqual([1]);
    expect((await run('projections:status')).out).toContain('organisation-directory: 4 (0 behind, 1 parked)');

    const retried = await run('projections:retry-parked', 'organisation-directory', '--position', '1');
    expect(retried.out).toEqual(['applied organisation-directory 1 OrganisationRegistered', '1 applied, 0 still parked']);
    expect((await run('projections:parked')).out).toEqual(['no parked events']);
    const unknown = await run('projections:parked', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/Unknown projection 'nope'/);
  });

  it('accounts:create-admin creates the first admin, and makes an existing account an admin', async () => {
    const withPassword = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), interactive: false }, { DATA_DIR: dir, NODE_ENV: 'test', SCE_ADMIN_PASSWORD: 'first admin password' });
      return { code, out, err };
    };
    const created = await withPassword('accounts:create-admin', '--email', 'Admin@Example.org', '--name', 'First Admin');
    expect(created.code).toBe(0);
    expect(created.out[0]).toMatch(/^created admin account [0-9a-f-]{36} \(Admin@Example.org\)$/);
    const again = await withPassword('accounts:create-admin', '--email', 'admin@example.org', '--name', 'First Admin');
    expect(again.out[0]).toMatch(/is an admin$/);
    const noPassword = await run('accounts:create-admin', '--email', 'second@example.org', '--name', 'Second');
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.err.join('\n')).toMatch(/SCE_ADMIN_PASSWORD/);
  });

  it('fails clearly on an unknown projection and on bad configuration', async () => {
    const unknown = await run('projections:rebuild', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/Unknown projection 'nope'/);
    const badConfig = await runCli(['migrate'], { out: () => undefined, err: (line) => expect(line).toMatch(/SQLITE_SYNCHRONOUS/), interactive: false }, { DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF' });
    expect(badConfig).toBe(1);
  });
});
