import { loadConfig } from '@sce/config';
import { createInfrastructure, projections as registeredProjections } from '@sce/composition';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { organisationDecider, organisationStreamId } from '@sce/organisations';
import { ProjectionParkedEventEntity } from '@sce/projections';
import { CASE_STUDY_SEARCH_FEED } from '@sce/case-studies';
import { GUIDELINE_SEARCH_FEED } from '@sce/guidelines';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

describe('The admin CLI', () => {
  let dir: string;
  const organisationIds: string[] = [];
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
      organisationIds.push(organisationId);
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
    // The search indexes' sink projections are rebuilt too: emptied, then refilled from the log.
    const projections = [...registeredProjections.map((projection) => projection.name), CASE_STUDY_SEARCH_FEED, GUIDELINE_SEARCH_FEED];
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

  describe('import:case-studies', () => {
    const record = (title: string, extra: object = {}) => ({
      title,
      summary: 'Deep retrofit of prefabricated housing blocks.',
      body: '# Retrofit\nInsulation and heat pumps.',
      city: 'Yerevan',
      country: 'AM',
      sectors: ['HOUSING', 'ENERGY'],
      period: { fromYear: 2019, toYear: 2023 },
      language: 'en',
      ...extra,
    });
    const imports = async (...argv: string[]) => {
      const before = (await run('events:tail', '--json')).out.length;
      const result = await run('import:case-studies', ...argv);
      const events = (await run('events:tail', '--after', String(before), '--json')).out.map((line) => JSON.parse(line));
      return { ...result, events };
    };

    it('imports the good records of a JSON file as published, reports the bad ones by index, and imports nothing twice', async () => {
      const file = join(dir, 'case-studies.json');
      writeFileSync(file, JSON.stringify([record('Retrofit of 40 blocks'), record('x', { country: 'XX' }), 'not a record', record('Bus lanes in Gyumri', { city: 'Gyumri', sdgTargets: ['11.2'] })]));
      const first = await imports(file, '--organisation', organisationIds[0]);
      expect(first.code).toBe(1);
      expect(first.out).toEqual(['imported 2, already imported 0, refused 2']);
      expect(first.err).toEqual([expect.stringMatching(/^#1: title: title must be longer than or equal to 3 characters; country: .+$/), '#2: not an object']);
      // Each one drafted and approved at once by the import actor: PUBLISHED.
      expect(first.events.map((event) => [event.type, event.data.draftedBy ?? event.data.reviewedBy, event.metadata.actorId])).toEqual([
        ['CaseStudyDrafted', 'system:import', null],
        ['CaseStudyApproved', 'system:import', null],
        ['CaseStudyDrafted', 'system:import', null],
        ['CaseStudyApproved', 'system:import', null],
      ]);
      expect(first.events[0].data.content).toMatchObject({ title: 'Retrofit of 40 blocks', sectors: ['HOUSING', 'ENERGY'], organisationIds: [] });

      // The same file again (or the rest of an interrupted run): nothing new.
      const second = await imports(file, '--organisation', organisationIds[0]);
      expect(second.out).toEqual(['imported 0, already imported 2, refused 2']);
      expect(second.events).toEqual([]);
      // For another organisation the same records are other case studies.
      const other = await imports(file, '--organisation', organisationIds[1]);
      expect(other.out).toEqual(['imported 2, already imported 0, refused 2']);
    });

    it('reads CSV with the input\'s field names, nested fields as period.fromYear and lists separated by ;', async () => {
      const file = join(dir, 'case-studies.csv');
      writeFileSync(
        file,
        [
          'title,summary,body,city,country,sectors,sdgTargets,period.fromYear,period.toYear,language',
          'Solar roofs on schools,"Photovoltaics on 12 school roofs, owned by the city.",Body text,Gyumri,AM,ENERGY;PUBLIC_SPACE,7.2;11.6,2020,,en',
          'Bad year,Summary long enough,Body,Gyumri,AM,ENERGY,,1700,,en',
        ].join('\n'),
      );
      const result = await imports(file, '--organisation', organisationIds[1]);
      expect(result.out).toEqual(['imported 1, already imported 0, refused 1']);
      expect(result.err).toEqual([expect.stringMatching(/^#1: period\.fromYear: fromYear must not be less than 1900$/)]);
      expect(result.events[0].data.content).toMatchObject({ title: 'Solar roofs on schools', sectors: ['ENERGY', 'PUBLIC_SPACE'], sdgTargets: ['7.2', '11.6'], period: { fromYear: 2020, toYear: null } });
      expect((await imports(file, '--organisation', organisationIds[1])).out).toEqual(['imported 0, already imported 1, refused 1']);
    });

    it('refuses an unknown organisation and a JSON file that is not an array', async () => {
      const before = (await run('events:tail')).out;
      const unknown = await run('import:case-studies', join(dir, 'case-studies.json'), '--organisation', '00000000-0000-4000-8000-000000000000');
      expect(unknown.code).toBe(1);
      expect(unknown.err.join('\n')).toMatch(/^set --organisation to an existing organisation's id/);
      // Read before anything is imported: the refusal names the flag, and the log gets nothing.
      expect((await run('events:tail')).out.length).toBe(before.length);
      const file = join(dir, 'object.json');
      writeFileSync(file, '{"title":"x"}');
      const notArray = await run('import:case-studies', file, '--organisation', organisationIds[0]);
      expect(notArray.err.join('\n')).toMatch(/holds no array/);
    });

    it('refuses, by index, a record that names an involved organisation that does not exist, and imports the others', async () => {
      const file = join(dir, 'involved.json');
      const unknown = '11111111-1111-4111-8111-111111111111';
      writeFileSync(
        file,
        JSON.stringify([
          record('Heat pumps with a partner', { organisationIds: [organisationIds[1]] }),
          record('Heat pumps with a stranger', { organisationIds: [organisationIds[1], unknown] }),
          record('Heat pumps with the same stranger', { organisationIds: [unknown] }),
        ]),
      );
      const result = await imports(file, '--organisation', organisationIds[0]);
      expect(result.code).toBe(1);
      expect(result.out).toEqual(['imported 1, already imported 0, refused 2']);
      expect(result.err).toEqual([`#1: organisationIds: no organisation has the id ${unknown}`, `#2: organisationIds: no organisation has the id ${unknown}`]);
      expect(result.events.filter((event) => event.type === 'CaseStudyDrafted').map((event) => event.data.content.organisationIds)).toEqual([[organisationIds[1]]]);
    });
  });
});
