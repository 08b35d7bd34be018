import { AccountsService } from '@sce/auth';
import { loadConfig } from '@sce/config';
import { createInfrastructure, type Infrastructure } from '@sce/composition';
import { CommandHandler } from '@sce/event-sourcing';
import type { CaseStudySearchQuery } from '@sce/search';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';
import { DEMO_EMAIL_DOMAIN, demoDataset } from './demo-dataset';
import { loadDemo } from './load-demo';

describe('npm run demo (the CLI demo command)', () => {
  let dir: string;
  let infra: Infrastructure;
  let first: { code: number; out: string[]; err: string[] };
  const env = () => ({ DATA_DIR: dir, NODE_ENV: 'test' });
  const demo = async (extraEnv: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['demo'], { out: (line) => out.push(line), err: (line) => err.push(line), interactive: false }, { ...env(), ...extraEnv });
    return { code, out, err };
  };
  const search = (query: Partial<CaseStudySearchQuery>) => infra.search.search({ variants: ['PUBLISHED'], offset: 0, limit: 100, ...query });
  const rows = async (sql: string) => (await infra.readModels.query(sql)) as Record<string, string | number>[];
  const countsBy = async (sql: string) => Object.fromEntries((await rows(sql)).map((row) => [row.key, Number(row.count)]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-demo-'));
    first = await demo();
    infra = await createInfrastructure(loadConfig(env()));
  }, 120_000);
  afterAll(async () => {
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads organisations of every kind with members, and active partnerships', async () => {
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(await countsBy('SELECT type AS key, COUNT(*) AS count FROM organisations GROUP BY type')).toEqual({ MUNICIPALITY: 3, REGIONAL_AUTHORITY: 1, COMPANY: 1, ACADEMIA: 1, NGO: 1 });
    expect(await countsBy('SELECT role AS key, COUNT(*) AS count FROM organisation_members GROUP BY role')).toEqual({ OWNER: 7, EDITOR: 2 });
    expect(await countsBy('SELECT status AS key, COUNT(*) AS count FROM partnerships GROUP BY status')).toEqual({ ACTIVE: 3 });
  });

  it('publishes 20 case studies in each of en, fr and ru, and leaves one draft and one in review', async () => {
    expect(await countsBy(`SELECT language AS key, COUNT(*) AS count FROM case_studies WHERE status = 'PUBLISHED' GROUP BY language`)).toEqual({ en: 20, fr: 20, ru: 20 });
    expect(await countsBy(`SELECT status AS key, COUNT(*) AS count FROM case_studies WHERE status <> 'PUBLISHED' GROUP BY status`)).toEqual({ DRAFT: 1, SUBMITTED: 1 });
    // The search index holds the published ones, per language.
    const everything = await search({ facets: ['LANGUAGE', 'ORGANISATION_TYPE'] });
    expect(everything.totalCount).toBe(60);
    expect(Object.fromEntries(everything.facets.find((facet) => facet.facet === 'LANGUAGE')!.values.map(({ value, count }) => [value, count]))).toEqual({ en: 20, fr: 20, ru: 20 });
  });

  it('is searchable through the search port in Russian and French, by inflected forms', async () => {
    // The texts say "датчики", "датчиков", "загрязнения", "загрязнение": asked in the instrumental case.
    const russian = await search({ text: 'датчиком загрязнениями' });
    expect(russian.totalCount).toBeGreaterThan(0);
    const russianTitles = await rows(`SELECT language, title FROM case_studies WHERE id IN (${russian.hits.map((hit) => `'${hit.caseStudyId}'`).join(',')})`);
    expect(russianTitles.every((row) => row.language === 'ru')).toBe(true);
    expect(russianTitles.map((row) => row.title)).toContainEqual(expect.stringMatching(/^Датчики качества воздуха/));
    // "copropriétés" and "rénovées" are in the texts; asked in the singular, without accents.
    const french = await search({ text: 'copropriete renovee', filter: { languages: ['fr'] } });
    expect(french.totalCount).toBeGreaterThan(0);
    const frenchTitles = await rows(`SELECT title FROM case_studies WHERE id IN (${french.hits.map((hit) => `'${hit.caseStudyId}'`).join(',')})`);
    expect(frenchTitles.map((row) => row.title)).toContainEqual(expect.stringMatching(/^Rénovation énergétique des copropriétés/));
    // ё written as е: the texts say "счётчики".
    expect((await search({ text: 'счетчик', filter: { languages: ['ru'] } })).totalCount).toBeGreaterThan(0);
    // Drafts and submissions stay out of the public variant.
    const unpublished = await rows(`SELECT id FROM case_studies WHERE status <> 'PUBLISHED'`);
    const publicIds = (await search({ limit: 100 })).hits.map((hit) => hit.caseStudyId);
    for (const { id } of unpublished) expect(publicIds).not.toContain(id);
  });

  it('prints every demo account once with a generated password that signs in, and none the second time', async () => {
    const accounts = demoDataset().accounts;
    const lines = first.out.filter((line) => line.includes(`@${DEMO_EMAIL_DOMAIN}`) && /password \S+/.test(line) && !line.includes('password unchanged'));
    expect(lines).toHaveLength(accounts.length);
    const passwords = lines.map((line) => /password (\S+)/.exec(line)![1]);
    // Random per account and per run: no password ships in the repository.
    expect(new Set(passwords).size).toBe(accounts.length);
    const [, email, password] = /^\s+(\S+)\s+password (\S+)/.exec(lines[1])!;
    const service = new AccountsService(infra.readModels, infra.gate, (decider, streamId, command) => new CommandHandler(infra.store).handle(decider, streamId, command));
    expect(await service.signIn(email, password, '127.0.0.1')).toEqual(expect.any(String));
    await expect(service.signIn(email, 'not the password', '127.0.0.1')).rejects.toBeDefined();
  });

  it('creates nothing new when run again: the same ids, no new events, no passwords printed', async () => {
    const head = await infra.store.headPosition();
    await infra.close();
    const second = await demo();
    infra = await createInfrastructure(loadConfig(env()));
    expect(second.code).toBe(0);
    expect(second.out[0]).toMatch(/created 0 accounts, 0 organisations, 0 partnerships, 0 case studies/);
    expect(second.out.filter((line) => line.includes('password unchanged'))).toHaveLength(demoDataset().accounts.length);
    expect(await infra.store.headPosition()).toBe(head);
    expect((await search({})).totalCount).toBe(60);
  });

  it('keeps what an earlier version of the dataset loaded when a command of it changed since, and goes on', async () => {
    const changed = demoDataset();
    const [altered] = changed.caseStudies;
    changed.caseStudies[0] = { ...altered, input: { ...altered.input, title: 'A title the earlier version did not have' } };
    await infra.close();
    const own = await createInfrastructure(loadConfig(env()), { runMigrations: true, exclusive: true });
    try {
      const report = await loadDemo(own, { dataset: changed });
      expect(report.keptFromEarlierVersion).toBe(1);
      expect(report.created).toEqual({ accounts: 0, organisations: 0, partnerships: 0, caseStudies: 0 });
    } finally {
      await own.close();
      infra = await createInfrastructure(loadConfig(env()));
    }
    expect(await rows(`SELECT title FROM case_studies WHERE id = '${altered.id}'`)).toEqual([{ title: altered.input.title }]);
  });

  it('refuses to run beside a server on the same SQLite data directory, and refuses a short SCE_DEMO_PASSWORD', async () => {
    const server = await createInfrastructure(loadConfig(env()), { exclusive: true });
    try {
      const refused = await demo();
      expect(refused.code).toBe(1);
      expect(refused.err.join('\n')).toMatch(/^Another server is already running on .*exchange\.sqlite/);
    } finally {
      await server.close();
    }
    const short = await demo({ SCE_DEMO_PASSWORD: 'short' });
    expect(short.code).toBe(1);
    expect(short.err.join('\n')).toMatch(/^set SCE_DEMO_PASSWORD/);
  });
});
