// The embedded search engine (the default profile: nothing to install). SQLite FTS5 on disk, in its own file
// beside the data, over tokens analysed in JavaScript (folded and stemmed by text-analysis.ts: better-sqlite3
// cannot register a JavaScript FTS5 tokenizer). FTS5 gives the inverted index, bm25 with column weights and
// durability; a restart reopens the file and loads two small things: the lexicon (every indexed word and stem,
// for Meilisearch-style typo and prefix expansion) and the filter/facet values of each document.
// Filters, facets, sorting and snippets run in JavaScript over the matches. Chosen over MiniSearch by
// measurement (bench/search.bench.ts): see the README's search section.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { toEur } from '@sce/vocabulary';
import type {
  CaseStudyFacet,
  CaseStudyFacetCounts,
  CaseStudySearchDocument,
  CaseStudySearchFilter,
  CaseStudySearchHighlight,
  CaseStudySearchIndex,
  CaseStudySearchKey,
  CaseStudySearchQuery,
  CaseStudySearchResult,
  CaseStudySearchWrite,
} from '../../case-study-search.port';
import { analyseQuery, documentStemsOf, escapeHtml, fold, queryStemsOf, stemmingLanguageOf, typoDistance, type QueryWord, type StemmingLanguage } from '../../text-analysis';

export interface EmbeddedSearchOptions {
  /** The index file, e.g. DATA_DIR/search.sqlite. Created when missing. */
  fileName: string;
  /** Most words the last query word expands to as a prefix (shortest first). */
  maxPrefixExpansions?: number;
}

/** What filters, facets and sorting read, kept in memory for every stored document. */
interface DocumentFacts {
  caseStudyId: string;
  variant: string;
  language: string;
  country: string;
  region: string;
  sectors: string[];
  sdgTargets: string[];
  organisationIds: string[];
  organisationTypes: string[];
  partnershipId: string | null;
  kpiCodes: string[];
  citySize: string | null;
  incomeLevel: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  costEur: number | null;
  publishedAt: number;
}

const FIELDS = ['title', 'summary', 'city', 'narrative', 'body'] as const;
type Field = (typeof FIELDS)[number];
// bm25 weights in FIELDS order: a title match outranks a body-only one.
const BM25 = 'bm25(terms, 10.0, 5.0, 3.0, 2.0, 1.0)';
// ANY matching ranks by the number of query words matched first, then by bm25 within the same number.
const PER_MATCHED_WORD = 1_000_000;
const TITLE_BONUS = 5;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const SNIPPET_WORDS_BEFORE = 8;
const SNIPPET_WORDS = 32;
// Short fields are shown whole.
const WHOLE_FIELD_CHARS = 200;

const FACET_VALUES: Record<CaseStudyFacet, (facts: DocumentFacts) => readonly (string | null)[]> = {
  SECTOR: (f) => f.sectors,
  COUNTRY: (f) => [f.country],
  REGION: (f) => [f.region],
  LANGUAGE: (f) => [f.language],
  SDG_TARGET: (f) => f.sdgTargets,
  ORGANISATION_TYPE: (f) => f.organisationTypes,
  CITY_SIZE: (f) => [f.citySize],
  INCOME_LEVEL: (f) => [f.incomeLevel],
};

const factsOf = (document: CaseStudySearchDocument): DocumentFacts => ({
  caseStudyId: document.caseStudyId,
  variant: document.variant,
  language: document.language,
  country: document.country,
  region: document.region,
  sectors: document.sectors,
  sdgTargets: document.sdgTargets,
  organisationIds: document.organisationIds,
  organisationTypes: document.organisationTypes,
  partnershipId: document.partnershipId,
  kpiCodes: document.kpiCodes,
  citySize: document.citySize,
  incomeLevel: document.incomeLevel,
  yearFrom: document.yearFrom,
  yearTo: document.yearTo,
  costEur: document.cost?.amountInEur ?? null,
  publishedAt: Date.parse(document.publishedAt),
});

/** FTS5 string literal: a term is matched as written, never read as query syntax. */
const ftsTerm = (term: string) => `"${term.replace(/"/g, '""')}"`;

interface AnalysedWord {
  folded: string;
  stems: string[];
}

/** Every indexed word and stem: exact lookups, typo candidates by length, prefix ranges in sorted order. */
class Lexicon {
  private readonly known = new Set<string>();
  private readonly byLength = new Map<number, string[]>();
  private sorted: string[] = [];
  private sortedIsStale = false;

  add(term: string): void {
    if (this.known.has(term)) return;
    this.known.add(term);
    const length = [...term].length;
    let bucket = this.byLength.get(length);
    if (!bucket) this.byLength.set(length, (bucket = []));
    bucket.push(term);
    this.sortedIsStale = true;
  }

  clear(): void {
    this.known.clear();
    this.byLength.clear();
    this.sorted = [];
    this.sortedIsStale = false;
  }

  get size(): number {
    return this.known.size;
  }

  /** Terms within `typos` of `word` (Damerau-Levenshtein), the word itself excluded. */
  withinTypos(word: string, typos: number, into: Set<string>): void {
    if (typos === 0) return;
    const length = [...word].length;
    for (let l = Math.max(1, length - typos); l <= length + typos; l++) {
      for (const term of this.byLength.get(l) ?? []) if (typoDistance(word, term, typos) <= typos) into.add(term);
    }
  }

  /** Up to `max` terms that start with `prefix`, shortest first. */
  withPrefix(prefix: string, max: number): string[] {
    if (this.sortedIsStale) {
      this.sorted = [...this.known].sort();
      this.sortedIsStale = false;
    }
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) found.push(this.sorted[i]);
    return found.length <= max ? found : found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, max);
  }
}

/** One query word's index terms: the exact ones, and those reached by typos or as a prefix. */
interface WordTerms {
  terms: Set<string>;
}

export class EmbeddedSearchIndex implements CaseStudySearchIndex {
  readonly engine = 'embedded';
  private readonly db: Database.Database;
  private readonly lexicon = new Lexicon();
  private readonly facts = new Map<number, DocumentFacts>();
  private readonly analysed = new Map<string, AnalysedWord>();
  private readonly maxPrefixExpansions: number;
  private readonly statements: ReturnType<EmbeddedSearchIndex['prepare']>;

  constructor(options: EmbeddedSearchOptions) {
    mkdirSync(dirname(options.fileName), { recursive: true });
    this.maxPrefixExpansions = options.maxPrefixExpansions ?? 50;
    this.db = new Database(options.fileName);
    this.db.pragma('journal_mode = WAL');
    // apply() resolves when the writes are durable: the projection stores its checkpoint after it.
    this.db.pragma('synchronous = FULL');
    // Erasure: freed pages and cells are zeroed, so removed text does not linger in the file.
    this.db.pragma('secure_delete = ON');
    this.createSchema();
    this.statements = this.prepare();
    this.load();
  }

  private createSchema(): void {
    // `terms`: the analysed text, one column per field (weights in BM25). `lexicon`: the distinct words and
    // stems of each document, so the vocabulary that typo and prefix expansion need is read back at start-up
    // (fts5vocab) instead of re-analysing every document. Both contentless: the text itself lives once, in
    // `entries`. secure-delete removes a deleted row's entries from the index at once.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS entries (
        id INTEGER PRIMARY KEY,
        case_study_id TEXT NOT NULL,
        variant TEXT NOT NULL,
        revision INTEGER NOT NULL,
        document TEXT,
        facts TEXT,
        UNIQUE (case_study_id, variant)
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(
        title, summary, city, narrative, body, content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 0'
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS lexicon USING fts5(words, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE IF NOT EXISTS lexicon_terms USING fts5vocab(lexicon, row);
      INSERT INTO terms(terms, rank) VALUES ('secure-delete', 1);
      INSERT INTO lexicon(lexicon, rank) VALUES ('secure-delete', 1);
    `);
  }

  private prepare() {
    return {
      entry: this.db.prepare<[string, string], { id: number; revision: number; document: string | null }>(
        'SELECT id, revision, document FROM entries WHERE case_study_id = ? AND variant = ?',
      ),
      insertEntry: this.db.prepare<[string, string, number, string | null, string | null]>(
        'INSERT INTO entries (case_study_id, variant, revision, document, facts) VALUES (?, ?, ?, ?, ?)',
      ),
      updateEntry: this.db.prepare<[number, string | null, string | null, number]>('UPDATE entries SET revision = ?, document = ?, facts = ? WHERE id = ?'),
      insertTerms: this.db.prepare<[number, string, string, string, string, string]>(
        'INSERT INTO terms (rowid, title, summary, city, narrative, body) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deleteTerms: this.db.prepare<[number]>('DELETE FROM terms WHERE rowid = ?'),
      insertLexicon: this.db.prepare<[number, string]>('INSERT INTO lexicon (rowid, words) VALUES (?, ?)'),
      deleteLexicon: this.db.prepare<[number]>('DELETE FROM lexicon WHERE rowid = ?'),
      documents: this.db.prepare<[string], { id: number; document: string }>(
        'SELECT id, document FROM entries WHERE id IN (SELECT value FROM json_each(?)) AND document IS NOT NULL',
      ),
    };
  }

  private load(): void {
    for (const row of this.db.prepare<[], { id: number; facts: string }>('SELECT id, facts FROM entries WHERE facts IS NOT NULL').iterate()) {
      this.facts.set(row.id, JSON.parse(row.facts) as DocumentFacts);
    }
    for (const row of this.db.prepare<[], { term: string }>('SELECT term FROM lexicon_terms').iterate()) this.lexicon.add(row.term);
  }

  async apply(writes: readonly CaseStudySearchWrite[]): Promise<void> {
    // Only the newest write of each key in a batch can win.
    const newest = new Map<string, CaseStudySearchWrite>();
    for (const write of writes) {
      const key = `${write.key.caseStudyId}\u0000${write.key.variant}`;
      const seen = newest.get(key);
      if (!seen || write.revision > seen.revision) newest.set(key, write);
    }
    const changedFacts = new Map<number, DocumentFacts | null>();
    const newTerms: string[] = [];
    const { entry, insertEntry, updateEntry, insertTerms, deleteTerms, insertLexicon, deleteLexicon } = this.statements;
    this.db.transaction(() => {
      for (const write of newest.values()) {
        const stored = entry.get(write.key.caseStudyId, write.key.variant);
        if (stored && stored.revision >= write.revision) continue;
        const document = write.document ? { ...write.document, caseStudyId: write.key.caseStudyId, variant: write.key.variant } : null;
        const facts = document ? factsOf(document) : null;
        const json = document ? JSON.stringify(document) : null;
        const factsJson = facts ? JSON.stringify(facts) : null;
        let id: number;
        if (stored) {
          id = stored.id;
          if (stored.document !== null) {
            deleteTerms.run(id);
            deleteLexicon.run(id);
          }
          updateEntry.run(write.revision, json, factsJson, id);
        } else {
          id = Number(insertEntry.run(write.key.caseStudyId, write.key.variant, write.revision, json, factsJson).lastInsertRowid);
        }
        if (document) {
          const { columns, lexicon } = this.analyseDocument(document);
          insertTerms.run(id, ...columns);
          insertLexicon.run(id, lexicon.join(' '));
          newTerms.push(...lexicon);
        }
        changedFacts.set(id, facts);
      }
    })();
    for (const [id, facts] of changedFacts) {
      if (facts) this.facts.set(id, facts);
      else this.facts.delete(id);
    }
    for (const term of newTerms) this.lexicon.add(term);
  }

  private analyseWord(word: string, language: StemmingLanguage | undefined): AnalysedWord {
    const cacheKey = `${language ?? ''}\u0000${word}`;
    let analysed = this.analysed.get(cacheKey);
    if (!analysed) {
      // A bounded cache: the words of a corpus repeat, stemming is the costly part of indexing.
      if (this.analysed.size >= 200_000) this.analysed.clear();
      analysed = { folded: fold(word), stems: documentStemsOf(word, language) };
      this.analysed.set(cacheKey, analysed);
    }
    return analysed;
  }

  private analyseDocument(document: CaseStudySearchDocument): { columns: [string, string, string, string, string]; lexicon: string[] } {
    const language = stemmingLanguageOf(document.language);
    const lexicon = new Set<string>();
    const columns = FIELDS.map((field) => {
      const stems: string[] = [];
      for (const match of document[field].matchAll(WORD)) {
        const analysed = this.analyseWord(match[0], language);
        lexicon.add(analysed.folded);
        for (const stem of analysed.stems) {
          stems.push(stem);
          lexicon.add(stem);
        }
      }
      return stems.join(' ');
    }) as [string, string, string, string, string];
    return { columns, lexicon: [...lexicon] };
  }

  /** The index terms of each query word: its stems, its typo neighbours (words and stems), prefix words. */
  private termsOf(words: QueryWord[]): WordTerms[] {
    return words.map((word) => {
      const reached = new Set<string>([word.word, ...word.stems]);
      this.lexicon.withinTypos(word.word, word.typos, reached);
      for (const stem of word.stems) if (stem !== word.word) this.lexicon.withinTypos(stem, word.typos, reached);
      if (word.prefix) for (const term of this.lexicon.withPrefix(word.word, this.maxPrefixExpansions)) reached.add(term);
      // A reached surface word is found through its stems (the index holds stems).
      const terms = new Set<string>();
      for (const term of reached) {
        terms.add(term);
        for (const stem of queryStemsOf(term)) terms.add(stem);
      }
      return { terms };
    });
  }

  private matchExpression(word: WordTerms): string {
    return `(${[...word.terms].map(ftsTerm).join(' OR ')})`;
  }

  /** Rowid -> score of the documents matching the text, or undefined for "no text: everything". */
  private textMatches(words: QueryWord[], termsPerWord: WordTerms[], matching: 'ALL' | 'ANY'): Map<number, number> | undefined {
    if (words.length === 0) return undefined;
    const scores = new Map<number, number>();
    const run = (expression: string) => this.db.prepare<[string], { rowid: number; rank: number }>(`SELECT rowid, ${BM25} AS rank FROM terms WHERE terms MATCH ?`).all(expression);
    if (matching === 'ALL') {
      for (const row of run(termsPerWord.map((w) => this.matchExpression(w)).join(' AND '))) scores.set(row.rowid, -row.rank);
    } else {
      for (const word of termsPerWord) {
        for (const row of run(this.matchExpression(word))) scores.set(row.rowid, (scores.get(row.rowid) ?? 0) + PER_MATCHED_WORD - row.rank);
      }
    }
    // bm25's IDF vanishes for a word in most documents, and its column weights with it: a title match still
    // ranks above a body-only one.
    if (scores.size > 1) {
      const titleExpression = `title : (${[...new Set(termsPerWord.flatMap((w) => [...w.terms]))].map(ftsTerm).join(' OR ')})`;
      for (const { rowid } of this.db.prepare<[string], { rowid: number }>('SELECT rowid FROM terms WHERE terms MATCH ?').all(titleExpression)) {
        const score = scores.get(rowid);
        if (score !== undefined) scores.set(rowid, score + TITLE_BONUS);
      }
    }
    return scores;
  }

  async search(query: CaseStudySearchQuery): Promise<CaseStudySearchResult> {
    const words = analyseQuery(query.text ?? '');
    const termsPerWord = this.termsOf(words);
    const matches = this.textMatches(words, termsPerWord, query.matching ?? 'ALL');
    const accept = this.filterOf(query);
    const hits: { id: number; facts: DocumentFacts; score: number }[] = [];
    if (matches) {
      for (const [id, score] of matches) {
        const facts = this.facts.get(id);
        if (facts && accept(facts)) hits.push({ id, facts, score });
      }
    } else {
      for (const [id, facts] of this.facts) if (accept(facts)) hits.push({ id, facts, score: 0 });
    }
    const facets = (query.facets ?? []).map((facet) => this.countFacet(facet, hits));
    hits.sort(this.orderOf(query.sort ?? 'RELEVANCE'));
    const page = hits.slice(query.offset, query.offset + query.limit);
    const highlightTerms = new Set(termsPerWord.flatMap((w) => [...w.terms]));
    const documents = this.documentsOf(page.map((hit) => hit.id));
    return {
      totalCount: hits.length,
      facets,
      hits: page.map((hit) => ({
        caseStudyId: hit.facts.caseStudyId,
        variant: hit.facts.variant as CaseStudySearchKey['variant'],
        score: hit.score,
        highlights: highlightTerms.size > 0 && documents.has(hit.id) ? this.highlight(documents.get(hit.id)!, highlightTerms) : [],
      })),
    };
  }

  private filterOf(query: CaseStudySearchQuery): (facts: DocumentFacts) => boolean {
    const variants = new Set<string>(query.variants);
    const excluded = new Set(query.excludeCaseStudyIds ?? []);
    const filter: CaseStudySearchFilter = query.filter ?? {};
    const conditions: ((facts: DocumentFacts) => boolean)[] = [(f) => variants.has(f.variant)];
    if (excluded.size > 0) conditions.push((f) => !excluded.has(f.caseStudyId));
    const anyOf = (values: string[] | undefined, read: (f: DocumentFacts) => readonly (string | null)[]) => {
      if (!values || values.length === 0) return;
      const wanted = new Set(values);
      conditions.push((f) => read(f).some((value) => value !== null && wanted.has(value)));
    };
    anyOf(filter.sectors, (f) => f.sectors);
    anyOf(filter.countries, (f) => [f.country]);
    anyOf(filter.regions, (f) => [f.region]);
    anyOf(filter.sdgTargets, (f) => f.sdgTargets);
    anyOf(filter.organisationIds, (f) => f.organisationIds);
    anyOf(filter.organisationTypes, (f) => f.organisationTypes);
    anyOf(filter.languages, (f) => [f.language]);
    anyOf(filter.citySizes, (f) => [f.citySize]);
    anyOf(filter.incomeLevels, (f) => [f.incomeLevel]);
    anyOf(filter.partnershipIds, (f) => [f.partnershipId]);
    anyOf(filter.kpiCodes, (f) => f.kpiCodes);
    if (filter.years && (filter.years.from !== undefined || filter.years.to !== undefined)) {
      const { from = -Infinity, to = Infinity } = filter.years;
      conditions.push((f) => {
        const start = f.yearFrom ?? f.yearTo;
        const end = f.yearTo ?? f.yearFrom;
        return start !== null && end !== null && start <= to && end >= from;
      });
    }
    if (filter.cost && (filter.cost.min !== undefined || filter.cost.max !== undefined)) {
      const min = filter.cost.min === undefined ? -Infinity : toEur(filter.cost.min, filter.cost.currency);
      const max = filter.cost.max === undefined ? Infinity : toEur(filter.cost.max, filter.cost.currency);
      // An unknown currency matches nothing (the GraphQL input refuses it before it gets here).
      conditions.push((f) => min !== null && max !== null && f.costEur !== null && f.costEur >= min && f.costEur <= max);
    }
    return (facts) => conditions.every((condition) => condition(facts));
  }

  private countFacet(facet: CaseStudyFacet, hits: { facts: DocumentFacts }[]): CaseStudyFacetCounts {
    const read = FACET_VALUES[facet];
    const counts = new Map<string, number>();
    for (const { facts } of hits) for (const value of new Set(read(facts))) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    const values = [...counts].map(([value, count]) => ({ value, count }));
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { facet, values };
  }

  private orderOf(sort: NonNullable<CaseStudySearchQuery['sort']>) {
    type Hit = { id: number; facts: DocumentFacts; score: number };
    const tieBreak = (a: Hit, b: Hit) => b.facts.publishedAt - a.facts.publishedAt || a.id - b.id;
    const byCost = (direction: 1 | -1) => (a: Hit, b: Hit) => {
      const x = a.facts.costEur;
      const y = b.facts.costEur;
      if (x === null || y === null) return x === y ? tieBreak(a, b) : x === null ? 1 : -1;
      return (x - y) * direction || b.score - a.score || tieBreak(a, b);
    };
    switch (sort) {
      case 'RELEVANCE':
        return (a: Hit, b: Hit) => b.score - a.score || tieBreak(a, b);
      case 'NEWEST':
        return (a: Hit, b: Hit) => b.facts.publishedAt - a.facts.publishedAt || b.score - a.score || a.id - b.id;
      case 'COST_ASC':
        return byCost(1);
      case 'COST_DESC':
        return byCost(-1);
      default: {
        const unreachable: never = sort;
        throw new Error(`Unknown sort ${String(unreachable)}`);
      }
    }
  }

  private documentsOf(ids: number[]): Map<number, CaseStudySearchDocument> {
    if (ids.length === 0) return new Map();
    return new Map(this.statements.documents.all(JSON.stringify(ids)).map((row) => [row.id, JSON.parse(row.document) as CaseStudySearchDocument]));
  }

  private highlight(document: CaseStudySearchDocument, terms: Set<string>): CaseStudySearchHighlight[] {
    const language = stemmingLanguageOf(document.language);
    // Stemming every word of a long body is costly: only words that share their first letters with a term are stemmed.
    const heads = new Set([...terms].map((term) => term.slice(0, 3)));
    const matches = (word: string) => {
      const analysed = this.analyseWord(word, language);
      if (terms.has(analysed.folded)) return true;
      if (!heads.has(analysed.folded.slice(0, 3))) return false;
      return analysed.stems.some((stem) => terms.has(stem));
    };
    const highlights: CaseStudySearchHighlight[] = [];
    for (const field of FIELDS) {
      const snippet = snippetOf(document[field], matches);
      if (snippet !== undefined) highlights.push({ field, snippet });
    }
    return highlights;
  }

  async get(key: CaseStudySearchKey): Promise<CaseStudySearchDocument | undefined> {
    const row = this.statements.entry.get(key.caseStudyId, key.variant);
    return row?.document ? (JSON.parse(row.document) as CaseStudySearchDocument) : undefined;
  }

  async clear(): Promise<void> {
    // Dropping the tables (not deleting rows) leaves no index segment behind; secure_delete zeroes the pages.
    this.db.exec(`
      DROP TABLE IF EXISTS lexicon_terms;
      DROP TABLE IF EXISTS lexicon;
      DROP TABLE IF EXISTS terms;
      DROP TABLE IF EXISTS entries;
    `);
    this.createSchema();
    Object.assign(this, { statements: this.prepare() });
    this.facts.clear();
    this.lexicon.clear();
    this.compact();
  }

  /**
   * Rewrites the index so that removed text is gone from the files, not only from answers: merges the FTS5
   * segments, then checkpoints and truncates the write-ahead log (which holds old page images).
   */
  compact(): void {
    this.db.exec(`INSERT INTO terms(terms) VALUES ('optimize'); INSERT INTO lexicon(lexicon) VALUES ('optimize');`);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Documents stored and distinct lexicon terms (for /health and the benchmark). */
  stats(): { documents: number; lexiconTerms: number } {
    return { documents: this.facts.size, lexiconTerms: this.lexicon.size };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * A passage of `text` around its first matched word, matched words wrapped in <mark>, everything else escaped;
 * short texts whole. Undefined when no word matches. Reads a long text lazily, up to the end of the passage.
 */
function snippetOf(text: string, matches: (word: string) => boolean): string | undefined {
  if (!text) return undefined;
  const recent: { start: number; end: number }[] = [];
  const marked: { start: number; end: number }[] = [];
  let first = -1;
  let windowStart = 0;
  let windowEnd = text.length;
  let wordsAfter = 0;
  for (const match of text.matchAll(WORD)) {
    const span = { start: match.index, end: match.index + match[0].length };
    const isMatch = matches(match[0]);
    if (first < 0) {
      recent.push(span);
      if (recent.length > SNIPPET_WORDS_BEFORE + 1) recent.shift();
      if (!isMatch) continue;
      first = span.start;
      windowStart = text.length <= WHOLE_FIELD_CHARS ? 0 : recent[0].start;
      marked.push(span);
      continue;
    }
    if (isMatch) marked.push(span);
    if (text.length > WHOLE_FIELD_CHARS && ++wordsAfter >= SNIPPET_WORDS) {
      windowEnd = span.end;
      break;
    }
  }
  if (first < 0) return undefined;
  let snippet = windowStart > 0 ? '…' : '';
  let at = windowStart;
  for (const span of marked) {
    snippet += `${escapeHtml(text.slice(at, span.start))}<mark>${escapeHtml(text.slice(span.start, span.end))}</mark>`;
    at = span.end;
  }
  snippet += escapeHtml(text.slice(at, windowEnd));
  return windowEnd < text.length ? `${snippet}…` : snippet;
}
