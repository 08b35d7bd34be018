// npm run bench:search [-- --docs 100000 --queries 1000 --samples 300 --batch 500 --seed 42 --engines embedded
//                         --feed projection|apply --keep --explain-misses N --no-bare-indexing --heap-mb N]   (engines: embedded,postgres; POSTGRES_URL picks the server)
// Generates case studies in mixed en/fr/ru (bench/search-corpus.ts, deterministic), imports them into an
// embedded event store and indexes them through the case-study search feed under the projection runner
// (bench/search-feed.ts; `--feed apply` calls the adapter's apply() directly instead, to see what the feed
// costs), then runs mixed queries (free text, typos, filters + facets) and prints per engine: indexing docs/s;
// p50/p95/p99 query latency; the same queries on the
// bare engine under the adapter and the overhead ratio; typo and inflection hit rates; peak RSS; and the
// time from process start to the first answered query over the indexed documents (restart cost).
// A benchmark, never a test: nothing here runs under `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseStudySearchDocument, CaseStudySearchIndex, CaseStudySearchWrite } from '@sce/search';
import { ENGINES, timedBatches, type IndexingRun } from './search-engines';
import { projectionFeed } from './search-feed';
import { createCorpus, type Corpus, type Language } from './search-corpus';
import { mixedQueries, otherForm, samples, withTypo, type Sample } from './search-workload';

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
const ENGINE_NAMES = option('engines', 'embedded,postgres').split(',');
const KEEP = args.includes('--keep');
// The catch-up process's V8 heap limit in MB (--max-old-space-size), as Node would set it on a small machine:
// on this VM (24 GB) it is 4 GB, so the heap grows with garbage long before V8 collects it.
const HEAP_MB = option('heap-mb', '');
// Also index the same documents into the bare engine, for the indexing ratio (off: --no-bare-indexing).
const BARE_INDEXING = !args.includes('--no-bare-indexing');
const FEED = option('feed', 'projection');
// For the first N misses of each hit rate: where the document ranked (in the first 200) and what the first hits matched.
const EXPLAIN_MISSES = Number(option('explain-misses', '0'));
// A sampled word is asked about only if at most this many documents hold its lemma: "the document must be in
// the first 10 hits" then tests typo and stem matching, not how ties among thousands of equal matches break.
const MAX_SAMPLE_DOCUMENT_FREQUENCY = 10;

// ---------------------------------------------------------------------------------------------- feeding
/** The adapter's apply() in batches, one write per document at revision 1 (what the feed's writes amount to). */
const feedThroughApply = (index: CaseStudySearchIndex, batches: Iterable<CaseStudySearchDocument[]>): Promise<IndexingRun> =>
  timedBatches(batches, (batch) => index.apply(batch.map((document): CaseStudySearchWrite => ({ key: { caseStudyId: document.caseStudyId, variant: document.variant }, revision: 1, document }))));

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

async function hitRate(index: CaseStudySearchIndex, list: Sample[]): Promise<{ rate: number; misses: Sample[] }> {
  if (list.length === 0) throw new Error(`no word held by at most ${MAX_SAMPLE_DOCUMENT_FREQUENCY} documents: the corpus needs a longer tail`);
  const misses: Sample[] = [];
  for (const sample of list) {
    const result = await index.search({ text: sample.query, variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 10 });
    if (!result.hits.some((hit) => hit.caseStudyId === sample.caseStudyId)) misses.push(sample);
  }
  return { rate: (list.length - misses.length) / list.length, misses };
}

async function explainMisses(index: CaseStudySearchIndex, kind: string, misses: Sample[]): Promise<void> {
  const marked = (hit: { highlights: { snippet: string }[] }) => [...new Set(hit.highlights.flatMap((highlight) => [...highlight.snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((match) => match[1].toLowerCase())))].join('/');
  for (const miss of misses) {
    const result = await index.search({ text: miss.query, variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 200 });
    const rank = result.hits.findIndex((hit) => hit.caseStudyId === miss.caseStudyId);
    const expected = result.hits[rank];
    console.log(
      `  ${kind} miss "${miss.query}" (document holds "${miss.written}"): ${result.totalCount} matches, document ranked ${rank === -1 ? 'beyond 200' : rank + 1}${expected ? ` matching ${marked(expected)} (score ${expected.score.toFixed(2)})` : ''}; first: ${result.hits.slice(0, 3).map((hit) => `${marked(hit)} (${hit.score.toFixed(2)})`).join(', ')}`,
    );
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

// ----------------------------------------------------------------------------------------------- catch-up
/** A new process feeds the engine from the whole log (bench/search-catch-up.ts): its time, CPU and peak RSS. */
function catchUp(engine: string, place: string, logDir: string): { seconds: number; cpuSeconds: number; rssBytes: number } {
  return runChild('search-catch-up.ts', [engine, place, logDir, String(BATCH)], HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : []);
}

// ------------------------------------------------------------------------------------------------ restart
/** A new process opens the index and answers one query; its time from process start to that answer. */
function restart(engine: string, place: string, text: string): { toFirstAnswerMs: number; openMs: number; rssBytes: number; totalCount: number } {
  return runChild('search-restart.ts', [engine, place, text]);
}

/** Runs a bench script of this folder in a new Node process (from the sources); the JSON its last line prints. */
function runChild<T>(script: string, args: string[], nodeFlags: string[] = []): T {
  const child = spawnSync(process.execPath, [...nodeFlags, '-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, script), ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`${script} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

// --------------------------------------------------------------------------------------------------- main
async function main(): Promise<void> {
  const corpus = createCorpus(SEED);
  const queries = mixedQueries(corpus, QUERIES, DOCS, SEED);
  console.log(`bench:search: ${DOCS} documents (en/fr/ru, seed ${SEED}), ${QUERIES} queries, ${SAMPLES} typo and ${SAMPLES} inflection samples, batches of ${BATCH}, fed through ${FEED === 'apply' ? "the adapters' apply()" : 'the projection'}`);
  const documentFrequency = new Int32Array(corpus.lemmaById.length);
  const generation = { ms: 0 };
  // One log for every engine: each one's feed reads it from the start.
  const logDir = mkdtempSync(join(tmpdir(), 'sce-bench-search-log-'));
  const feed = FEED === 'apply' ? undefined : await projectionFeed(logDir);
  if (feed) {
    const imported = await feed.importAll(batchesOf(corpus, documentFrequency, generation));
    console.log(`imported ${imported.documents} case studies into the log in ${imported.seconds.toFixed(1)} s (not counted)`);
  }
  for (const name of ENGINE_NAMES) {
    const engine = ENGINES[name];
    if (!engine) throw new Error(`--engines: unknown engine ${name} (known: ${Object.keys(ENGINES).join(', ')})`);
    const dir = mkdtempSync(join(tmpdir(), `sce-bench-search-${name}-`));
    const place = await engine.create(dir);
    // Through the projection, a process of its own catches up with the log (what a server does); this one opens
    // the index afterwards, for the queries. CPU time beside the wall clock: on a shared machine other processes
    // stretch the second, not the first.
    const caughtUp = feed ? catchUp(name, place, logDir) : undefined;
    const index = await engine.open(place);
    const feeding = caughtUp
      ? { documents: DOCS, seconds: caughtUp.seconds, cpuSeconds: caughtUp.cpuSeconds }
      : await feedThroughApply(index, batchesOf(corpus, documentFrequency.fill(0), generation));
    console.log(`\n== ${engine.name}`);
    if (caughtUp) console.log(`the process that caught up with the log: peak RSS ${mb(caughtUp.rssBytes)} (V8 heap limit ${HEAP_MB ? `${HEAP_MB} MB, --heap-mb` : "Node's default for this machine"})`);
    console.log(
      `indexing through ${feed ? 'the projection' : 'apply()'}: ${feeding.documents} documents in ${feeding.seconds.toFixed(1)} s = ${Math.round(feeding.documents / feeding.seconds)} docs/s, CPU ${feeding.cpuSeconds.toFixed(1)} s = ${Math.round(feeding.documents / feeding.cpuSeconds)} docs per CPU second (generating them: ${(generation.ms / 1000).toFixed(1)} s, not counted); stored ${mb(await engine.storageBytes(place))}`,
    );
    if (BARE_INDEXING) {
      // Its own storage, dropped with the run's: the queries below read only ours.
      const bare = await engine.bareIndexing(place, batchesOf(corpus, new Int32Array(corpus.lemmaById.length), { ms: 0 }));
      console.log(
        `bare engine indexing (${engine.describeBareIndexing}): ${Math.round(bare.documents / bare.seconds)} docs/s, CPU ${bare.cpuSeconds.toFixed(1)} s in this process; ours / bare: ${(feeding.documents / feeding.seconds / (bare.documents / bare.seconds)).toFixed(2)}x the rate`,
      );
    }

    for (const { query } of queries.slice(0, 20)) await index.search(query);
    const latencies: number[] = [];
    const bareLatencies: number[] = [];
    const byKind = new Map<string, number[]>();
    let ours = 0;
    let bare = 0;
    for (const { kind, query } of queries) {
      const runBare = await engine.prepareBare(index, place, query);
      let started = performance.now();
      await runBare();
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
      `bare engine (${engine.describeBare}): p50 ${ms(percentile(bareLatencies, 50))}, p95 ${ms(percentile(bareLatencies, 95))}, p99 ${ms(percentile(bareLatencies, 99))}; overhead (total time ours / bare) ${(ours / bare).toFixed(2)}x, at p95 ${(percentile(latencies, 95) / percentile(bareLatencies, 95)).toFixed(2)}x`,
    );

    const typoSamples = samples(corpus, documentFrequency, (rnd, _lemma, written) => (written.length >= 5 ? withTypo(rnd, written) : undefined), SEED + 11, SAMPLES, DOCS, MAX_SAMPLE_DOCUMENT_FREQUENCY);
    const typo = await hitRate(index, typoSamples);
    const inflectionSamples = samples(corpus, documentFrequency, otherForm, SEED + 13, SAMPLES, DOCS, MAX_SAMPLE_DOCUMENT_FREQUENCY);
    const inflection = await hitRate(index, inflectionSamples);
    console.log(`typo hit rate (${typoSamples.length} words of 5+ letters with one letter changed, document in the first 10): ${(typo.rate * 100).toFixed(1)}%  misses e.g. ${typo.misses.slice(0, 5).map((m) => m.query).join(', ')}`);
    console.log(`inflection hit rate (${inflectionSamples.length} words in another form, ё as е, document in the first 10): ${(inflection.rate * 100).toFixed(1)}%  misses e.g. ${inflection.misses.slice(0, 5).map((m) => m.query).join(', ')}`);
    for (const [kind, misses] of [['typo', typo.misses], ['inflection', inflection.misses]] as const) await explainMisses(index, kind, misses.slice(0, EXPLAIN_MISSES));
    console.log(`peak RSS of this process (${feed ? 'generation, import, queries; the indexing process is above' : 'generation, indexing, queries'}): ${mb(process.resourceUsage().maxRSS * 1024)}`);

    await index.close();
    await engine.close();
    const restarted = restart(name, place, queries[0].query.text ?? '');
    console.log(
      `restart: process start to first answer ${ms(restarted.toFirstAnswerMs)} (opening the index ${ms(restarted.openMs)}; ${restarted.totalCount} matches), RSS of that process ${mb(restarted.rssBytes)}`,
    );
    if (!KEEP) {
      rmSync(dir, { recursive: true, force: true });
      await engine.destroy(place);
    } else console.log(`kept ${place}`);
  }
  await feed?.close();
  if (!KEEP) rmSync(logDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

export type { Language };
