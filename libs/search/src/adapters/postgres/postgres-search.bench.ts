// A quick measure of the PostgreSQL search adapter alone (not a test; `npm run bench:search` is the full
// benchmark through the projection). Indexes N synthetic case studies in en/fr/ru, then times mixed queries.
//   POSTGRES_URL=postgres://postgres@127.0.0.1:5432/sce_test DOCS=20000 QUERIES=500 \
//     npx ts-node -r tsconfig-paths/register libs/search/src/adapters/postgres/postgres-search.bench.ts
// KEEP=1 leaves the schema in place (its name is printed) to look at plans with EXPLAIN.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CaseStudySearchDocument, CaseStudySearchQuery, CaseStudySearchWrite } from '../../case-study-search.port';
import { postgresSearchMigrations } from '.';
import { PostgresCaseStudySearchIndex } from './postgres-case-study-search';

const url = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/sce_test';
const DOCS = Number(process.env.DOCS ?? 20_000);
const QUERIES = Number(process.env.QUERIES ?? 500);
const BATCH = Number(process.env.BATCH ?? 500);

// A fixed sequence, so two runs index and ask the same things.
let seed = 7;
const next = (below: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * below);
};
const pick = <T>(list: readonly T[]) => list[next(list.length)];
// Zipf-like: a few words are common, most are rare, as in real text.
const zipf = <T>(list: readonly T[]) => list[Math.floor(list.length * Math.pow(next(1_000_000) / 1_000_000, 3))];

const SYLLABLES = {
  en: ['ren', 'o', 'va', 'tion', 'build', 'ing', 'school', 'mun', 'ic', 'i', 'pal', 'ity', 'en', 'er', 'gy', 'wa', 'ter', 'park', 'green', 'trans', 'port', 'hous', 'com', 'mu', 'ni', 'ty'],
  fr: ['ré', 'no', 'va', 'tion', 'bâ', 'ti', 'ment', 'é', 'cole', 'mu', 'ni', 'ci', 'pa', 'li', 'té', 'éner', 'gie', 'qua', 'rtier', 'fa', 'çade', 'lo', 'ge', 'eau', 'ville'],
  ru: ['ре', 'мон', 'т', 'шко', 'ла', 'го', 'род', 'му', 'ни', 'ци', 'па', 'ли', 'тет', 'энер', 'гия', 'вод', 'ё', 'лка', 'объ', 'яв', 'ле', 'ние', 'день', 'ги', 'парк'],
} as const;
const ENDINGS = { en: ['', 's', 'ed', 'ing'], fr: ['', 's', 'e', 'es'], ru: ['', 'а', 'ы', 'ом', 'ами', 'ах', 'е'] } as const;
type Language = keyof typeof SYLLABLES;
const LANGUAGES: Language[] = ['en', 'fr', 'ru'];
const stems = Object.fromEntries(
  LANGUAGES.map((language) => [language, Array.from({ length: 6_000 }, () => Array.from({ length: 2 + next(3) }, () => pick(SYLLABLES[language])).join(''))]),
) as Record<Language, string[]>;
const word = (language: Language) => zipf(stems[language]) + pick(ENDINGS[language]);
const sentence = (language: Language, words: number) => Array.from({ length: words }, () => word(language)).join(' ');

const SECTORS = ['ENERGY', 'WATER', 'HOUSING', 'TRANSPORT', 'PUBLIC_SPACE', 'WASTE', 'ICT', 'HEALTH'];
const COUNTRIES: Array<[string, string]> = [['FR', 'WESTERN_EUROPE'], ['DE', 'WESTERN_EUROPE'], ['KZ', 'CENTRAL_ASIA'], ['RU', 'EASTERN_EUROPE'], ['GE', 'CAUCASUS'], ['SE', 'NORTHERN_EUROPE']];

function aDocument(i: number): CaseStudySearchDocument {
  const language = LANGUAGES[i % 3];
  const [country, region] = pick(COUNTRIES);
  return {
    caseStudyId: `cs-${i}`,
    variant: 'PUBLISHED',
    language,
    title: sentence(language, 6),
    summary: sentence(language, 30),
    city: pick(['Geneva', 'Almaty', 'Lyon', 'Tbilisi', 'Kazan']),
    narrative: sentence(language, 120),
    body: sentence(language, 300),
    country,
    region,
    sectors: [pick(SECTORS), pick(SECTORS)].filter((sector, k, all) => all.indexOf(sector) === k),
    sdgTargets: [pick(['11.1', '11.2', '11.6', '7.2', '6.1'])],
    organisationIds: [`org-${next(500)}`],
    organisationTypes: [pick(['MUNICIPALITY', 'NGO', 'COMPANY'])],
    partnershipId: null,
    kpiCodes: [],
    citySize: pick(['SMALL', 'MEDIUM', 'LARGE']),
    incomeLevel: pick(['HIGH', 'UPPER_MIDDLE']),
    yearFrom: 2010 + next(10),
    yearTo: 2020 + next(5),
    cost: { amount: 1000 * next(10_000), currency: 'EUR', amountInEur: 1000 * next(10_000) },
    publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
  };
}

function aQuery(): CaseStudySearchQuery {
  const language = pick(LANGUAGES);
  const kind = next(4);
  const base = { variants: ['PUBLISHED'] as const, offset: 0, limit: 10 };
  const typo = (w: string) => (w.length >= 5 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
  switch (kind) {
    case 0:
      return { ...base, text: word(language) };
    case 1:
      return { ...base, text: `${word(language)} ${word(language)}` };
    case 2:
      return { ...base, text: typo(word(language)) };
    default:
      return { ...base, text: word(language), filter: { sectors: [pick(SECTORS)] }, facets: ['SECTOR', 'COUNTRY', 'REGION', 'LANGUAGE', 'SDG_TARGET', 'ORGANISATION_TYPE'] };
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const dataSource = new DataSource({ type: 'postgres', url, schema, migrations: postgresSearchMigrations, migrationsRun: true, synchronize: false, extra: { max: 4, options: `-c search_path=${schema},public` } });
  await dataSource.initialize();
  const index = new PostgresCaseStudySearchIndex(dataSource);
  try {
    const started = performance.now();
    for (let from = 0; from < DOCS; from += BATCH) {
      const writes: CaseStudySearchWrite[] = [];
      for (let i = from; i < Math.min(DOCS, from + BATCH); i++) {
        const document = aDocument(i);
        writes.push({ key: { caseStudyId: document.caseStudyId, variant: document.variant }, revision: 1, document });
      }
      await index.apply(writes);
    }
    const indexingSeconds = (performance.now() - started) / 1000;
    await dataSource.query('ANALYZE');
    const [{ terms }] = await dataSource.query('SELECT count(*)::int AS terms FROM case_study_search_terms');
    const times: number[] = [];
    let hits = 0;
    for (let q = 0; q < QUERIES; q++) {
      const query = aQuery();
      const t = performance.now();
      const result = await index.search(query);
      times.push(performance.now() - t);
      if (result.totalCount > 0) hits++;
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        documents: DOCS,
        vocabularyTerms: terms,
        indexingDocsPerSecond: Math.round(DOCS / indexingSeconds),
        queries: QUERIES,
        queriesWithHits: hits,
        p50ms: +percentile(times, 50).toFixed(1),
        p95ms: +percentile(times, 95).toFixed(1),
        p99ms: +percentile(times, 99).toFixed(1),
        peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
      }),
    );
  } finally {
    await dataSource.destroy();
    if (!process.env.KEEP) await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    else console.log("kept schema", schema);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
