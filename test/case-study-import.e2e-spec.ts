import { encodePosition } from '@sce/platform';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { aCaseStudy } from './support/case-studies.graphql';
import { createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const LIST = `query List($filter: CaseStudyFilter, $p: String) {
  caseStudies(filter: $filter, first: 100, consistency: { atLeast: $p }) { totalCount edges { node { id status organisationId published { title language organisationIds } } } }
}`;
const SEARCH = `query Search($q: String, $p: String) {
  searchCaseStudies(query: $q, first: 10, consistency: { atLeast: $p }) { totalCount edges { node { id published { title } } } }
}`;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The import CLI as an operator runs it: its own OS process, on the same data as the running server. On
 * SQLite that is allowed: only servers take the data directory's lock (test/data-directory-lock.e2e-spec.ts);
 * admin commands open the file beside them (WAL, busy timeout) and the server's subscription polls the log,
 * so it projects what the CLI appended. In the test's own process the CLI's synchronous SQLite calls could
 * wait out the busy timeout on a write lock the server cannot release while the event loop is blocked.
 */
function importCli(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', 'import:case-studies', ...argv],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describeEachProfile('Importing case studies with the CLI beside a running server (HTTP)', (profile) => {
  let api: TestApp;
  let profileEnv: Record<string, string>;
  let cliEnv: Record<string, string>;
  let dir: string;
  let file: string;
  let organisationId: string;
  let partnerId: string;
  const unknownOrganisation = '22222222-2222-4222-8222-222222222222';
  let first: CliRun;
  let firstPosition: string;

  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  /** The log's head as the server reports it, as the token a query waits for (the CLI's events included). */
  const head = async () => encodePosition(((await (await fetch(`${api.baseUrl}/health`)).json()) as { eventStore: { headPosition: number } }).eventStore.headPosition);
  const titles = (result: { edges: { node: { published: { title: string } } }[] }) => result.edges.map((edge) => edge.node.published.title).sort();

  beforeAll(async () => {
    // The profile's environment is kept, so the CLI gets the very data directory, database and schema.
    profileEnv = profile.env();
    api = await startTestApp(undefined, profileEnv);
    cliEnv = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: api.config.dataDir, ...profileEnv };
    const owner = api.as((await createAccount(api, 'Import owner')).token);
    organisationId = ok(await owner.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Yerevan Municipality', country: 'AM', city: 'Yerevan' }) })).registerOrganisation.organisation.id;
    partnerId = ok(await owner.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Gyumri Municipality', country: 'AM', city: 'Gyumri' }) })).registerOrganisation.organisation.id;

    dir = mkdtempSync(join(tmpdir(), 'sce-import-'));
    file = join(dir, 'case-studies.json');
    const { organisationId: _left, ...record } = aCaseStudy(organisationId);
    writeFileSync(
      file,
      JSON.stringify([
        { ...record, title: 'Heat pumps for Yerevan kindergartens', summary: 'Air-source heat pumps replaced gas boilers in kindergartens' },
        { ...record, title: 'x', country: 'XX' },
        { ...record, title: 'Pompes à chaleur dans les écoles de Gyumri', summary: 'Des pompes à chaleur remplacent les chaudières au gaz', language: 'fr', organisationIds: [partnerId] },
        'not a record',
        { ...record, title: 'Тепловые насосы в школах Еревана', summary: 'Тепловые насосы заменили газовые котлы в школах', language: 'ru' },
        { ...record, title: 'Heat pumps with an organisation nobody registered', organisationIds: [unknownOrganisation] },
      ]),
    );
    first = await importCli(cliEnv, file, '--organisation', organisationId);
    firstPosition = await head();
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await profile.cleanup(profileEnv);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each bad record with its index and reason, imports the rest, and exits with 1', () => {
    expect(first.stdout.trim().split('\n')).toEqual(['imported 3, already imported 0, refused 3']);
    expect(first.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^#1: title: title must be longer than or equal to 3 characters; country: /),
      '#3: not an object',
      `#5: organisationIds: no organisation has the id ${unknownOrganisation}`,
    ]);
    expect(first.code).toBe(1);
  });

  it('serves the imported case studies over GraphQL as published, once the read models reach the log head', async () => {
    const listed = ok(await api.graphql(LIST, { filter: { organisationId }, p: firstPosition })).caseStudies;
    expect(listed.totalCount).toBe(3);
    expect(listed.edges.map((edge: { node: { status: string } }) => edge.node.status)).toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
    expect(titles(listed)).toEqual(['Heat pumps for Yerevan kindergartens', 'Pompes à chaleur dans les écoles de Gyumri', 'Тепловые насосы в школах Еревана']);
    const french = listed.edges.find((edge: { node: { published: { language: string } } }) => edge.node.published.language === 'fr');
    expect(french.node.published.organisationIds).toEqual([partnerId]);
  });

  it('finds them with searchCaseStudies, in each language, and never the refused ones', async () => {
    expect(titles(ok(await api.graphql(SEARCH, { q: 'kindergarten heat pump', p: firstPosition })).searchCaseStudies)).toEqual(['Heat pumps for Yerevan kindergartens']);
    expect(titles(ok(await api.graphql(SEARCH, { q: 'pompe chaleur ecole', p: firstPosition })).searchCaseStudies)).toEqual(['Pompes à chaleur dans les écoles de Gyumri']);
    expect(titles(ok(await api.graphql(SEARCH, { q: 'тепловой насос', p: firstPosition })).searchCaseStudies)).toEqual(['Тепловые насосы в школах Еревана']);
    expect(ok(await api.graphql(SEARCH, { q: 'nobody registered', p: firstPosition })).searchCaseStudies.totalCount).toBe(0);
  });

  it('creates nothing new when the same file is imported again', async () => {
    const second = await importCli(cliEnv, file, '--organisation', organisationId);
    expect(second.stdout.trim()).toBe('imported 0, already imported 3, refused 3');
    expect(second.code).toBe(1);
    expect(await head()).toBe(firstPosition);
    expect(ok(await api.graphql(LIST, { filter: { organisationId }, p: firstPosition })).caseStudies.totalCount).toBe(3);
    expect(ok(await api.graphql(SEARCH, { q: 'kindergartens', p: firstPosition })).searchCaseStudies.totalCount).toBe(1);
  });

  it('refuses an organisation that does not exist, with a message and exit code 1, and imports nothing', async () => {
    const refused = await importCli(cliEnv, file, '--organisation', unknownOrganisation);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`set --organisation to an existing organisation's id: ${unknownOrganisation} is none`);
    expect(await head()).toBe(firstPosition);
  });
});
