// npm run bench:search [-- --docs 100000 --queries 1000 --samples 300 --batch 500 --seed 42 --engines embedded
//                         --dir DIR --keep]
// Generates case studies in mixed en/fr/ru (bench/search-corpus.ts, deterministic), indexes them through each
// adapter's apply() in batches as the projection delivers them, then runs mixed queries (free text, typos,
// filters + facets) and prints per engine: indexing docs/s; p50/p95/p99 query latency; the same queries on the
// bare engine under the adapter and the overhead ratio; typo and inflection hit rates; peak RSS; and the
// time from process start to the first answered query over the indexed documents (restart cost).
// A benchmark, never a test: nothing here runs under `npm test`.
//
// PostgreSQL: its adapter (libs/search/src/adapters/postgres) is built on another branch; when it is on this
// branch, add it to ENGINES below (open + bare) and it runs in the same pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CaseStudyFacet, CaseStudySearchDocument, CaseStudySearchIndex, CaseStudySearchQuery, CaseStudySearchWrite } from '@sce/search';
import { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';
import { createCorpus, FILTER_VALUES, random, type Corpus, type Language, type Lemma } from './search-corpus';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 || at + 1 >= args.length ? fallback : args[at + 1];
};
const DOCS = Number(option('docs', '100000'));
const QUERIES = Number(option('queries', '1000'));
const SAMPLES = Number(option('samples', '300'));
const BATCH = Number(option('batch', '500'));
const SEED = Number(option('seed', '42'));
const ENGINE_NAMES = option('engines', 'embedded').split(',');
const KEEP = args.includes('--keep');
// A sampled word is asked about only if at most this many documents hold its lemma: "the document must be in
// the first 10 hits" then tests typo and stem matching, not how ties among thousands of equal matches break.
const MAX_SAMPLE_DOCUMENT_FREQUENCY = 10;

// ----------------------------------------------------------------------------------------------- engines
interface BenchEngine {
  name: string;
  open(dir: string): Promise<CaseStudySearchIndex>;
  /** Runs on the bare engine what the adapter asks of it for this query (prepared outside the timing). */
  prepareBare(index: CaseStudySearchIndex, dir: string, query: CaseStudySearchQuery): () => void;
  /** Bytes the engine keeps on disk. */
  diskBytes(dir: string): number;
}

const embeddedFile = (dir: string) => join(dir, 'search.sqlite');
let bareConnection: Database.Database | undefined;
const ENGINES: Record<string, BenchEngine> = {
  embedded: {
    name: 'embedded (SQLite FTS5)',
    open: async (dir) => new EmbeddedSearchIndex({ fileName: embeddedFile(dir) }),
    prepareBare: (index, dir, query) => {
      const connection = (bareConnection ??= new Database(embeddedFile(dir), { readonly: true }));
      const statements = (index as EmbeddedSearchIndex).ftsStatementsFor(query).map(({ sql, expression }) => ({ statement: connection.prepare(sql), expression }));
      return () => {
        for (const { statement, expression } of statements) statement.all(expression);
      };
    },
    diskBytes: (dir) => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0),
  },
};

// ---------------------------------------------------------------------------------------------- feeding
/**
 * How documents reach the index. Today: the adapter's apply() in batches, one write per document at revision 1,
 * as the external-sink projection delivers them. When the case-studies projection lands, swap this for one
 * that appends the events and runs the projection runner over them.
 */
type Feeder = (index: CaseStudySearchIndex, batches: Iterable<CaseStudySearchDocument[]>) => Promise<{ documents: number; seconds: number }>;

const feedThroughApply: Feeder = async (index, batches) => {
  let documents = 0;
  let busy = 0;
  for (const batch of batches) {
    const writes: CaseStudySearchWrite[] = batch.map((document) => ({ key: { caseStudyId: document.caseStudyId, variant: document.variant }, revision: 1, document }));
    const started = performance.now();
    await index.apply(writes);
    busy += performance.now() - started;
    documents += batch.length;
  }
  return { documents, seconds: busy / 1000 };
};

/** Documents in batches; counts how many documents hold each lemma (for the hit-rate samples). */
function* batchesOf(corpus: Corpus, documentFrequency: Int32Array, generation: { ms: number }): Generator<CaseStudySearchDocument[]> {
  for (let start = 0; start < DOCS; start += BATCH) {
    const started = performance.now();
    const batch: CaseStudySearchDocument[] = [];
    for (let i = start; i < Math.min(DOCS, start + BATCH); i++) {
      const { document, used } = corpus.document(i);
      for (const lemma of used.keys()) documentFrequency[lemma]++;
      batch.push(document);
    }
    generation.ms += performance.now() - started;
    yield batch;
    if (start % 10_000 === 0 && start > 0) process.stderr.write(`  indexed ${start} documents\n`);
  }
}

// ---------------------------------------------------------------------------------------------- queries
const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщыэюя';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** One letter of `word` replaced by another letter of its alphabet. */
function withTypo(rnd: () => number, word: string): string {
  const lower = word.toLowerCase();
  const alphabet = /[а-яё]/.test(lower) ? CYRILLIC : LATIN;
  const at = Math.floor(rnd() * lower.length);
  let letter = lower[at];
  while (letter === lower[at] || (lower[at] === 'ё' && letter === 'е') || (lower[at] === 'е' && letter === 'ё')) letter = alphabet[Math.floor(rnd() * alphabet.length)];
  return lower.slice(0, at) + letter + lower.slice(at + 1);
}

/** Another inflected form: the other number in English and French, another case ending in Russian; ё as е. */
function otherForm(rnd: () => number, lemma: Lemma, written: string): string | undefined {
  const others = lemma.forms.filter((form) => form !== written);
  if (others.length === 0) return undefined;
  let form = pick(rnd, others);
  if (lemma.language === 'fr' && lemma.forms.length === 4) {
    // -é adjectives: rénové/rénovée/rénovés/rénovées; the same gender in the other number.
    const index = lemma.forms.indexOf(written);
    form = lemma.forms[[2, 3, 0, 1][index]];
  }
  return form.replace(/ё/g, 'е');
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

const FACETS: CaseStudyFacet[] = ['SECTOR', 'COUNTRY', 'REGION', 'LANGUAGE', 'SDG_TARGET', 'ORGANISATION_TYPE'];

function mixedQueries(corpus: Corpus, count: number): { kind: string; query: CaseStudySearchQuery }[] {
  const rnd = random(SEED + 7);
  const queries: { kind: string; query: CaseStudySearchQuery }[] = [];
  for (let q = 0; q < count; q++) {
    const { used } = corpus.document(Math.floor(rnd() * DOCS));
    const lemmas = [...used.entries()];
    const words = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, lemmas)[1]);
    const base: CaseStudySearchQuery = { text: words.join(' '), variants: ['PUBLISHED'], offset: 0, limit: 20 };
    const kind = q % 10 < 4 ? 'text' : q % 10 < 7 ? 'typo' : 'filters+facets';
    if (kind === 'typo') {
      const long = words.findIndex((word) => word.length >= 5);
      if (long >= 0) words[long] = withTypo(rnd, words[long]);
      base.text = words.join(' ');
    }
    if (kind === 'filters+facets') {
      const filter: CaseStudySearchQuery['filter'] = {};
      if (rnd() < 0.5) filter.sectors = [pick(rnd, FILTER_VALUES.SECTORS), pick(rnd, FILTER_VALUES.SECTORS)];
      if (rnd() < 0.4) filter.languages = [pick(rnd, ['en', 'fr', 'ru'])];
      if (rnd() < 0.4) filter.regions = [pick(rnd, ['WESTERN_EUROPE', 'EASTERN_EUROPE', 'NORTH_AMERICA', 'CENTRAL_ASIA'])];
      if (rnd() < 0.3) filter.years = { from: 2010 + Math.floor(rnd() * 10) };
      if (rnd() < 0.3) filter.cost = { max: 1_000_000 + Math.floor(rnd() * 3_000_000), currency: 'EUR' };
      base.filter = filter;
      base.facets = FACETS;
      base.sort = pick(rnd, ['RELEVANCE', 'RELEVANCE', 'NEWEST', 'COST_ASC'] as const);
    }
    queries.push({ kind, query: base });
  }
  return queries;
}

interface Sample {
  caseStudyId: string;
  query: string;
}

/** Words (of lemmas held by few documents) asked in a changed way: with a typo, or in another inflected form. */
function samples(corpus: Corpus, documentFrequency: Int32Array, change: (rnd: () => number, lemma: Lemma, written: string) => string | undefined, seed: number): Sample[] {
  const rnd = random(seed);
  const found: Sample[] = [];
  for (let attempts = 0; found.length < SAMPLES && attempts < SAMPLES * 50; attempts++) {
    const { document, used } = corpus.document(Math.floor(rnd() * DOCS));
    const candidates = [...used.entries()].filter(([lemma]) => documentFrequency[lemma] <= MAX_SAMPLE_DOCUMENT_FREQUENCY);
    if (candidates.length === 0) continue;
    const [lemmaId, written] = pick(rnd, candidates);
    const query = change(rnd, corpus.lemmaById[lemmaId], written);
    if (query) found.push({ caseStudyId: document.caseStudyId, query });
  }
  return found;
}

async function hitRate(index: CaseStudySearchIndex, list: Sample[]): Promise<{ rate: number; misses: Sample[] }> {
  const misses: Sample[] = [];
  for (const sample of list) {
    const result = await index.search({ text: sample.query, variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 10 });
    if (!result.hits.some((hit) => hit.caseStudyId === sample.caseStudyId)) misses.push(sample);
  }
  return { rate: (list.length - misses.length) / list.length, misses };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

// ------------------------------------------------------------------------------------------------ restart
/** A new process opens the index and answers one query; its time from process start to that answer. */
function restart(engine: string, dir: string, text: string): { toFirstAnswerMs: number; openMs: number; rssBytes: number; totalCount: number } {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'search-restart.ts'), engine, dir, text], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`restart child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

// --------------------------------------------------------------------------------------------------- main
async function main(): Promise<void> {
  const corpus = createCorpus(SEED);
  const queries = mixedQueries(corpus, QUERIES);
  console.log(`bench:search: ${DOCS} documents (en/fr/ru, seed ${SEED}), ${QUERIES} queries, ${SAMPLES} typo and ${SAMPLES} inflection samples, batches of ${BATCH}`);
  for (const name of ENGINE_NAMES) {
    const engine = ENGINES[name];
    if (!engine) throw new Error(`--engines: unknown engine ${name} (known: ${Object.keys(ENGINES).join(', ')})`);
    const dir = mkdtempSync(join(tmpdir(), `sce-bench-search-${name}-`));
    const index = await engine.open(dir);
    const documentFrequency = new Int32Array(corpus.lemmaById.length);
    const generation = { ms: 0 };
    const feeding = await feedThroughApply(index, batchesOf(corpus, documentFrequency, generation));
    console.log(`\n== ${engine.name}`);
    console.log(`indexing: ${feeding.documents} documents in ${feeding.seconds.toFixed(1)} s = ${Math.round(feeding.documents / feeding.seconds)} docs/s (generating them: ${(generation.ms / 1000).toFixed(1)} s, not counted); on disk ${mb(engine.diskBytes(dir))}`);

    for (const { query } of queries.slice(0, 20)) await index.search(query);
    const latencies: number[] = [];
    const bareLatencies: number[] = [];
    const byKind = new Map<string, number[]>();
    let ours = 0;
    let bare = 0;
    for (const { kind, query } of queries) {
      const runBare = engine.prepareBare(index, dir, query);
      let started = performance.now();
      runBare();
      const bareMs = performance.now() - started;
      started = performance.now();
      await index.search(query);
      const ourMs = performance.now() - started;
      latencies.push(ourMs);
      bareLatencies.push(bareMs);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ourMs]);
      ours += ourMs;
      bare += bareMs;
    }
    latencies.sort((a, b) => a - b);
    bareLatencies.sort((a, b) => a - b);
    console.log(`queries: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1])}`);
    for (const [kind, list] of byKind) {
      list.sort((a, b) => a - b);
      console.log(`  ${kind.padEnd(15)} n=${list.length}: p50 ${ms(percentile(list, 50))}, p95 ${ms(percentile(list, 95))}`);
    }
    console.log(
      `bare engine (the same FTS5 statements and MATCH expressions, rows read, nothing else): p50 ${ms(percentile(bareLatencies, 50))}, p95 ${ms(percentile(bareLatencies, 95))}, p99 ${ms(percentile(bareLatencies, 99))}; overhead (total time ours / bare) ${(ours / bare).toFixed(2)}x, at p95 ${(percentile(latencies, 95) / percentile(bareLatencies, 95)).toFixed(2)}x`,
    );

    const typo = await hitRate(index, samples(corpus, documentFrequency, (rnd, _lemma, written) => (written.length >= 5 ? withTypo(rnd, written) : undefined), SEED + 11));
    const inflection = await hitRate(index, samples(corpus, documentFrequency, otherForm, SEED + 13));
    console.log(`typo hit rate (one letter changed in a word of 5+ letters, document in the first 10): ${(typo.rate * 100).toFixed(1)}%  misses e.g. ${typo.misses.slice(0, 5).map((m) => m.query).join(', ')}`);
    console.log(`inflection hit rate (another form, ё as е, document in the first 10): ${(inflection.rate * 100).toFixed(1)}%  misses e.g. ${inflection.misses.slice(0, 5).map((m) => m.query).join(', ')}`);
    console.log(`peak RSS of this process (generation, indexing, queries): ${mb(process.resourceUsage().maxRSS * 1024)}`);

    await index.close();
    bareConnection?.close();
    bareConnection = undefined;
    const restarted = restart(name, dir, queries[0].query.text ?? '');
    console.log(
      `restart: process start to first answer ${ms(restarted.toFirstAnswerMs)} (opening the index ${ms(restarted.openMs)}; ${restarted.totalCount} matches), RSS of that process ${mb(restarted.rssBytes)}`,
    );
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
  if (!ENGINE_NAMES.includes('postgres')) console.log('\nPostgreSQL: TODO, its adapter is not on this branch yet (see the comment at the top of bench/search.bench.ts).');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

export type { Language };
