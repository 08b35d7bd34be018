// npm run bench:search:minisearch [-- --docs 20000 --queries 1000 --samples 300 --seed 42]
// The measurement behind the embedded engine's choice: MiniSearch 7.2, the in-memory candidate, on the same
// corpus, queries and samples as bench:search, given the same text analysis (folded words and Snowball stems
// as its tokens; a query word is its word and stems, fuzzy within the Meilisearch budget, the last one a
// prefix). Filters and facets are a layer over its results. Prints indexing docs/s, p50/p95 latency, typo and
// inflection hit rates, RSS, and the size and time of saving and loading the index (what a restart costs an
// in-memory engine). A benchmark, not a test.
import MiniSearch from 'minisearch';
import type { CaseStudySearchDocument, CaseStudySearchQuery } from '@sce/search';
import { analyseQuery, documentStemsOf, eachWord, fold, stemmingLanguageOf } from '@sce/search/text-analysis';
import { createCorpus } from './search-corpus';
import { mixedQueries, otherForm, samples, withTypo, type Sample } from './search-workload';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 || at + 1 >= args.length ? fallback : args[at + 1];
};
const DOCS = Number(option('docs', '20000'));
const QUERIES = Number(option('queries', '1000'));
const SAMPLES = Number(option('samples', '300'));
const SEED = Number(option('seed', '42'));
const BATCH = 500;
const FIELDS = ['title', 'summary', 'city', 'narrative', 'body'] as const;

interface Entry {
  id: number;
  title: string;
  summary: string;
  city: string;
  narrative: string;
  body: string;
  variant: string;
  language: string;
  sectors: string[];
  region: string;
  yearFrom: number | null;
  yearTo: number | null;
  costEur: number | null;
  publishedAt: string;
  caseStudyId: string;
}

const cache = new Map<string, string[]>();
function analysed(text: string, language: string): string {
  const stemming = stemmingLanguageOf(language);
  const out: string[] = [];
  eachWord(text, (word) => {
    const key = `${word}\u0000${language}`;
    let tokens = cache.get(key);
    if (!tokens) cache.set(key, (tokens = [...new Set([fold(word), ...documentStemsOf(word, stemming)])]));
    out.push(...tokens);
  });
  return out.join(' ');
}

const entryOf = (id: number, d: CaseStudySearchDocument): Entry => ({
  id,
  title: analysed(d.title, d.language),
  summary: analysed(d.summary, d.language),
  city: analysed(d.city, d.language),
  narrative: analysed(d.narrative, d.language),
  body: analysed(d.body, d.language),
  variant: d.variant,
  language: d.language,
  sectors: d.sectors,
  region: d.region,
  yearFrom: d.yearFrom,
  yearTo: d.yearTo,
  costEur: d.cost?.amountInEur ?? null,
  publishedAt: d.publishedAt,
  caseStudyId: d.caseStudyId,
});

const OPTIONS = {
  fields: [...FIELDS],
  storeFields: ['variant', 'language', 'sectors', 'region', 'yearFrom', 'yearTo', 'costEur', 'publishedAt', 'caseStudyId'],
  tokenize: (text: string) => text.split(' '),
  processTerm: (term: string) => term || null,
  searchOptions: { boost: { title: 10, summary: 5, city: 3, narrative: 2 } },
};

function search(index: MiniSearch<Entry>, query: CaseStudySearchQuery, limit: number) {
  const words = analyseQuery(query.text ?? '');
  const filter = query.filter ?? {};
  const variants = new Set<string>(query.variants);
  const results = index.search(
    {
      combineWith: 'AND',
      queries: words.map((w) => ({ combineWith: 'OR', queries: [w.word, ...w.stems], fuzzy: w.typos > 0 ? w.typos : false, prefix: w.prefix })),
    },
    {
      filter: (r) =>
        variants.has(r.variant) &&
        (!filter.sectors?.length || (r.sectors as string[]).some((s) => filter.sectors!.includes(s))) &&
        (!filter.languages?.length || filter.languages.includes(r.language)) &&
        (!filter.regions?.length || filter.regions.includes(r.region)) &&
        (filter.years?.from === undefined || (r.yearTo !== null && r.yearTo >= filter.years.from)) &&
        (filter.cost?.max === undefined || (r.costEur !== null && r.costEur <= filter.cost.max)),
    },
  );
  const facets = new Map<string, number>();
  if (query.facets?.length) for (const r of results) for (const sector of r.sectors as string[]) facets.set(sector, (facets.get(sector) ?? 0) + 1);
  if (query.sort === 'NEWEST') results.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
  return results.slice(0, limit);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const corpus = createCorpus(SEED);
  const index = new MiniSearch<Entry>(OPTIONS);
  const documentFrequency = new Int32Array(corpus.lemmaById.length);
  let busy = 0;
  for (let start = 0; start < DOCS; start += BATCH) {
    const batch: CaseStudySearchDocument[] = [];
    for (let i = start; i < Math.min(DOCS, start + BATCH); i++) {
      const { document, used } = corpus.document(i);
      for (const lemma of used.keys()) documentFrequency[lemma]++;
      batch.push(document);
    }
    const started = performance.now();
    index.addAll(batch.map((d, k) => entryOf(start + k, d)));
    busy += performance.now() - started;
  }
  console.log(`MiniSearch 7.2: ${DOCS} documents indexed in ${(busy / 1000).toFixed(1)} s = ${Math.round(DOCS / (busy / 1000))} docs/s (analysis included)`);
  const queries = mixedQueries(corpus, QUERIES, DOCS, SEED);
  const latencies: number[] = [];
  for (const { query } of queries) {
    const started = performance.now();
    search(index, query, 20);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  console.log(`queries: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  const rate = (list: Sample[]) => list.filter((s) => search(index, { text: s.query, variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 10 }, 10).some((r) => r.caseStudyId === s.caseStudyId)).length / list.length;
  const typo = samples(corpus, documentFrequency, (rnd, _l, written) => (written.length >= 5 ? withTypo(rnd, written) : undefined), SEED + 11, SAMPLES, DOCS, 10);
  const inflection = samples(corpus, documentFrequency, otherForm, SEED + 13, SAMPLES, DOCS, 10);
  console.log(`typo hit rate ${(rate(typo) * 100).toFixed(1)}% (Levenshtein: a transposition costs 2), inflection hit rate ${(rate(inflection) * 100).toFixed(1)}%`);
  let started = performance.now();
  const json = JSON.stringify(index);
  const saveMs = performance.now() - started;
  console.log(`RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB (peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB); saved index ${Math.round(json.length / 1024 / 1024)} MB of JSON in ${saveMs.toFixed(0)} ms`);
  started = performance.now();
  MiniSearch.loadJSON<Entry>(json, OPTIONS);
  console.log(`loading it back (a restart): ${(performance.now() - started).toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
