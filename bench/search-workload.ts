// The queries and samples of bench:search, shared with bench/search-minisearch.ts so both ask the same things.
import type { CaseStudyFacet, CaseStudySearchQuery } from '@sce/search';
import { FILTER_VALUES, random, type Corpus, type Lemma } from './search-corpus';

const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщыэюя';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** One letter of `word` replaced by another letter of its alphabet. */
export function withTypo(rnd: () => number, word: string): string {
  const lower = word.toLowerCase();
  const alphabet = /[а-яё]/.test(lower) ? CYRILLIC : LATIN;
  const at = Math.floor(rnd() * lower.length);
  let letter = lower[at];
  while (letter === lower[at] || (lower[at] === 'ё' && letter === 'е') || (lower[at] === 'е' && letter === 'ё')) letter = alphabet[Math.floor(rnd() * alphabet.length)];
  return lower.slice(0, at) + letter + lower.slice(at + 1);
}

/** Another inflected form: the other number in English and French, another case ending in Russian; ё as е. */
export function otherForm(rnd: () => number, lemma: Lemma, written: string): string | undefined {
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

export const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

const FACETS: CaseStudyFacet[] = ['SECTOR', 'COUNTRY', 'REGION', 'LANGUAGE', 'SDG_TARGET', 'ORGANISATION_TYPE'];

export function mixedQueries(corpus: Corpus, count: number, documents: number, seed: number): { kind: string; query: CaseStudySearchQuery }[] {
  const rnd = random(seed + 7);
  const queries: { kind: string; query: CaseStudySearchQuery }[] = [];
  for (let q = 0; q < count; q++) {
    const { used } = corpus.document(Math.floor(rnd() * documents));
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

export interface Sample {
  caseStudyId: string;
  query: string;
  /** The word as the document holds it. */
  written: string;
}

/** Words (of lemmas held by few documents) asked in a changed way: with a typo, or in another inflected form. */
export function samples(corpus: Corpus, documentFrequency: Int32Array, change: (rnd: () => number, lemma: Lemma, written: string) => string | undefined, seed: number, count: number, documents: number, maxDocumentFrequency: number): Sample[] {
  const rnd = random(seed);
  const found: Sample[] = [];
  for (let attempts = 0; found.length < count && attempts < count * 50; attempts++) {
    const { document, used } = corpus.document(Math.floor(rnd() * documents));
    const candidates = [...used.entries()].filter(([lemma]) => documentFrequency[lemma] <= maxDocumentFrequency);
    if (candidates.length === 0) continue;
    const [lemmaId, written] = pick(rnd, candidates);
    const query = change(rnd, corpus.lemmaById[lemmaId], written);
    if (query) found.push({ caseStudyId: document.caseStudyId, query, written });
  }
  return found;
}

