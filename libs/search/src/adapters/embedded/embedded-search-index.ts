// The embedded search engine (the default profile: nothing to install). SQLite FTS5 on disk, in its own file
// beside the data, over tokens analysed in JavaScript (folded and stemmed by text-analysis.ts: better-sqlite3
// cannot register a JavaScript FTS5 tokenizer). FTS5 gives the inverted index, bm25 with column weights and
// durability; a restart reopens the file and loads two small things: the lexicon (every indexed word and stem,
// for Meilisearch-style typo and prefix expansion, read from FTS5's own vocabulary) and the filter/facet values
// of each document.
// Filters, facets, sorting and snippets run in JavaScript over the matches. Chosen over MiniSearch by
// measurement (bench/search.bench.ts): see the README's search section.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  CaseStudySearchDocument,
  CaseStudySearchHighlight,
  CaseStudySearchIndex,
  CaseStudySearchKey,
  CaseStudySearchQuery,
  CaseStudySearchResult,
  CaseStudySearchWrite,
} from '../../case-study-search.port';
import { laterWrite, replaces } from '../../case-study-search.port';
import { allowedTypos, analyseQuery, escapeHtml, fold, queryStemsOf, TermHeads, WordSpans, stemmingLanguageOf, type QueryWord, type StemmingLanguage } from '../../text-analysis';
import { AnalysisWorker, type AnalysedDocument } from './analysis-thread';
import { DocumentAnalyser, FIELDS, type AnalysedWord, type Columns } from './document-analysis';
import { FactColumns, MatchSet, type DocumentFacts } from './fact-columns';
import { Lexicon } from './lexicon';

export interface EmbeddedSearchOptions {
  /** The index file, e.g. DATA_DIR/search.sqlite. Created when missing. */
  fileName: string;
  /** Most words the last query word expands to as a prefix (shortest first). */
  maxPrefixExpansions?: number;
  /** Batches of at least this many documents are analysed in a worker thread (default 64; Infinity: never). */
  analysisWorkerFrom?: number;
  /** How long the worker thread may stay idle before it is ended (default 30 s). */
  analysisWorkerIdleMs?: number;
}

// The version of the file's layout (SQLite's user_version). A file of another version is emptied on open and
// fed again from the log. 2: detail=full, because a contentless FTS5 table with detail=column scores every
// match 0 in bm25 (version 1 ranked by typo tier and date alone). 3: the `words` column (each distinct word as
// written, folded), so a typo is counted against the document's own word, not against one of its stems.
// 4: no `lexicon` table: the lexicon is FTS5's vocabulary (the same terms, since format 3 indexes the words as
// written too); keeping a copy in a B-tree of 750,000 terms cost as much to write as the index itself. A file of
// format 3 only drops that table (no replay).
const INDEX_FORMAT = 4;
const LEXICON_TABLE_DROPPED_IN = 4;
// bm25 weights in FIELDS order, then `words` (0: it only says which words a document has as written): a title
// match outranks a body-only one.
const BM25 = 'bm25(terms, 10.0, 5.0, 3.0, 2.0, 1.0, 0.0)';
// ANY matching ranks by the number of query words matched first, then by bm25 within the same number.
const PER_MATCHED_WORD = 1_000_000;
const TITLE_BONUS = 5;
const TYPO_TIER_BONUS = 1_000;
// FTS5's in-memory buffer of pending terms (see the constructor).
const FTS_HASH_BYTES = 32 * 1024 * 1024;
// Batches of at least this many documents are analysed in the worker thread, in chunks of WORKER_CHUNK: a
// live edit's small batch is analysed here, without the hop.
const WORKER_FROM = 64;
const WORKER_CHUNK = 25;
// A large batch that names its log position is committed by the next call that needs it (the next apply(), a
// search, ...) or after this long: meanwhile its feed reads the next batch and the worker analyses it.
const COMMIT_DELAY_MS = 25;
const SNIPPET_WORDS_BEFORE = 8;
const SNIPPET_WORDS = 32;
// Short fields are shown whole.
const WHOLE_FIELD_CHARS = 200;

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

/**
 * How far a term is from what was asked, for ranking (lower is closer); a term reached several ways keeps its
 * lowest cost. The word or one of its stems (any inflection of it): 0. A word the last query word is a prefix
 * of, or its stem: 2, so a whole-word match ranks above a completion (Meilisearch's "exactness"). A word `d`
 * typos from the word as written: 4d when the document has that very word (the `words` column), 4d + 1 when it
 * has another inflection of it (more typos from what was typed). A term `d` typos from one of the word's stems
 * only: 4d + 2, since a typo in a stem reaches other words' inflections ("lugelie" -> stem lugel -> luge).
 */
const EXACT_COST = 0;
const PREFIX_COST = 2;
const writtenTypoCost = (typos: number) => 4 * typos;
const inflectedTypoCost = (typos: number) => 4 * typos + 1;
const stemTypoCost = (typos: number) => 4 * typos + 2;

/** An FTS5 statement as run: its SQL and MATCH expression. */
export interface FtsStatement {
  sql: string;
  expression: string;
  /** Its one column read as a number per row (better-sqlite3's pluck), not as an object. */
  pluck: boolean;
}

/** A batch as apply() takes it: the newest write per key, each document as the JSON stored and analysed. */
type BatchItem = { write: CaseStudySearchWrite; document: CaseStudySearchDocument | null; json: string | null };

/** The worker's analysis of a batch's documents, chunk by chunk, as it was started (see startAnalysis). */
interface StartedAnalysis {
  /** analysisEpoch when it started: if the workers were told to forget since, its reports are not to be trusted. */
  epoch: number;
  chunks: Promise<AnalysedDocument[]>[];
  /** Where each item's analysis is: its chunk and place in it. */
  places: Map<BatchItem, { chunk: number; at: number }>;
}

/** One query word's index terms, each with its cost. */
interface WordTerms {
  terms: Set<string>;
  cost: Map<string, number>;
  /** Words as written with a lower cost when the document has them as written (in the `words` column). */
  written: Map<string, number>;
}

export class EmbeddedSearchIndex implements CaseStudySearchIndex {
  readonly engine = 'embedded';
  private readonly db: Database.Database;
  private readonly lexicon = new Lexicon();
  private readonly facts = new FactColumns();
  /** The matches of the query being run (search() runs one at a time, to its end). */
  private readonly matches = new MatchSet();
  private readonly analyser = new DocumentAnalyser();
  private readonly worker: AnalysisWorker;
  private readonly workerFrom: number;
  /** The apply() under way: the next one, and every read, waits for it (its transaction may span awaits). */
  private writing: Promise<unknown> = Promise.resolve();
  /** A batch written and not committed yet (see apply), with what to do once it is. */
  private uncommitted?: { commit: () => void; timer: NodeJS.Timeout };
  /** Why a deferred commit failed: the next apply() fails with it, so its feed asks durablePosition() and sends again. */
  private failedCommit?: { error: unknown };
  /** Told when a commit left open by apply() fails: on its timer or in a search, no apply() may come to report it. */
  private readonly lostWritesListeners: ((error: unknown) => void)[] = [];
  /** Moved each time the workers are told to forget what they reported: an analysis started before is redone. */
  private analysisEpoch = 0;
  private readonly maxPrefixExpansions: number;
  private readonly statements: ReturnType<EmbeddedSearchIndex['prepare']>;

  constructor(options: EmbeddedSearchOptions) {
    mkdirSync(dirname(options.fileName), { recursive: true });
    this.maxPrefixExpansions = options.maxPrefixExpansions ?? 50;
    this.workerFrom = options.analysisWorkerFrom ?? WORKER_FROM;
    this.worker = new AnalysisWorker(options.analysisWorkerIdleMs);
    this.db = new Database(options.fileName);
    this.db.pragma('journal_mode = WAL');
    // apply() without a log position resolves when the writes are on disk (the projection stores its checkpoint
    // after it); with one, it commits without syncing (see apply).
    this.db.pragma('synchronous = FULL');
    // Erasure: freed pages and cells are zeroed, so removed text does not linger in the file.
    this.db.pragma('secure_delete = ON');
    this.openFormat();
    // FTS5 writes its pending terms out as a new segment whenever they pass `hashsize` (1 MB by default): a
    // batch of 500 case studies was several small segments, each written, then merged. 32 MB holds a batch, so
    // it is one segment, written at commit (measured: the FTS5 inserts of 10,000 documents 4.1-4.4 s -> 1.9-2.2 s).
    this.db.exec(`INSERT INTO terms(terms, rank) VALUES ('hashsize', ${FTS_HASH_BYTES})`);
    this.statements = this.prepare();
    this.load();
  }

  /**
   * True while this index holds nothing of what the log delivered before its feed's checkpoint: the file was
   * new, or written in a format this code no longer reads (and was emptied). Its feed must then start again
   * from the beginning of the log, whatever its checkpoint says; the composition root does that, then calls
   * replayStarted(). Kept in the file, so a command that only opened the index (and created the file) leaves
   * the replay to the server that feeds it.
   */
  needsReplay(): boolean {
    return this.db.prepare("SELECT 1 FROM meta WHERE key = 'replay-pending'").get() !== undefined;
  }

  replayStarted(): void {
    this.db.prepare("DELETE FROM meta WHERE key = 'replay-pending'").run();
  }

  /**
   * The log position the index holds for certain: recorded with the writes of each apply() that names one, so
   * after a power cut it is the position of the last batch that reached the disk. undefined for a file that
   * never recorded one (written by older code): its feed's checkpoint rules.
   */
  async durablePosition(): Promise<number | undefined> {
    // Not an apply() under way: its transaction may hold a position not committed yet.
    await this.writing;
    this.commitPending();
    // The feed resends from here: a commit that failed before has no more to say.
    this.failedCommit = undefined;
    const row = this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'position'").get();
    return row === undefined ? undefined : Number(row.value);
  }

  onLostWrites(lost: (error: unknown) => void): void {
    this.lostWritesListeners.push(lost);
  }

  /** Creates the schema, or empties an index of another format, and marks a new or emptied index as needing a replay. */
  private openFormat(): void {
    const hasEntries = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'entries'").get() !== undefined;
    const format = this.db.pragma('user_version', { simple: true }) as number;
    if (hasEntries && format === LEXICON_TABLE_DROPPED_IN - 1) {
      this.db.transaction(() => {
        this.db.exec('DROP TABLE IF EXISTS lexicon');
        this.db.pragma(`user_version = ${INDEX_FORMAT}`);
      })();
    }
    if (hasEntries && (this.db.pragma('user_version', { simple: true }) as number) === INDEX_FORMAT) {
      this.createSchema();
      return;
    }
    this.db.transaction(() => {
      this.dropSchema();
      this.createSchema();
      this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('replay-pending', '1')").run();
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('position', '0')").run();
      this.db.pragma(`user_version = ${INDEX_FORMAT}`);
    })();
  }

  private dropSchema(): void {
    // Dropping the tables (not deleting rows) leaves no index segment behind; secure_delete zeroes the pages.
    this.db.exec(`
      DROP TABLE IF EXISTS lexicon; -- format 3 and before
      DROP TABLE IF EXISTS terms;
      DROP TABLE IF EXISTS entries;
    `);
  }

  private createSchema(): void {
    // `terms`: the analysed text, one column per field (weights in BM25), contentless: the text itself lives
    // once, in `entries`; secure-delete removes a deleted row's entries from the index at once. `terms_vocab`
    // (this connection's, in temp): FTS5's list of the terms it holds, each word as written and each stem, so the
    // lexicon typo and prefix expansion look through, read back at start-up instead of re-analysing every
    // document (100,000 documents: 750,000 terms in under a second); a term leaves it with its last document.
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
        title, summary, city, narrative, body, words, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
      );
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO terms(terms, rank) VALUES ('secure-delete', 1);
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms_vocab USING fts5vocab(main, terms, 'row');
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
      insertTerms: this.db.prepare<[number, string, string, string, string, string, string]>(
        'INSERT INTO terms (rowid, title, summary, city, narrative, body, words) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteTerms: this.db.prepare<[number]>('DELETE FROM terms WHERE rowid = ?'),
      recordPosition: this.db.prepare<[string]>("INSERT OR REPLACE INTO meta (key, value) VALUES ('position', ?)"),
      lexiconTerm: this.db.prepare<[string], { term: string }>('SELECT term FROM temp.terms_vocab WHERE term = ?'),
      ranked: this.db.prepare<[string], { rowid: number; rank: number }>(`SELECT rowid, ${BM25} AS rank FROM terms WHERE terms MATCH ?`),
      // Plucked: a number per match, not an object (a common word matches tens of thousands of documents).
      rowids: this.db.prepare<[string], number>('SELECT rowid FROM terms WHERE terms MATCH ?').pluck(),
      documents: this.db.prepare<[string], { id: number; document: string }>(
        'SELECT id, document FROM entries WHERE id IN (SELECT value FROM json_each(?)) AND document IS NOT NULL',
      ),
    };
  }

  private load(): void {
    for (const row of this.db.prepare<[], { id: number; facts: string }>('SELECT id, facts FROM entries WHERE facts IS NOT NULL').iterate()) {
      this.facts.set(row.id, JSON.parse(row.facts) as DocumentFacts);
    }
    this.lexicon.load(this.db.prepare<[], string>('SELECT term FROM temp.terms_vocab').pluck().all());
  }

  /**
   * With `position` (the log position these writes take the index up to), it is recorded in the same
   * transaction and the commit is not synced: a power cut may lose it, and durablePosition() then tells the
   * feed to send it again. Without, the commit is synced, so the writes are on disk when this resolves.
   * One at a time: a call waits for the one before (a delivery retried after a timeout may overlap it).
   */
  apply(writes: readonly CaseStudySearchWrite[], position?: number): Promise<void> {
    // Only the newest write of each key in a batch can win.
    const newest = new Map<string, CaseStudySearchWrite>();
    for (const write of writes) {
      const key = `${write.key.caseStudyId}\u0000${write.key.variant}`;
      newest.set(key, laterWrite(newest.get(key), write));
    }
    const batch: BatchItem[] = [...newest.values()].map((write) => {
      const document = write.document ? { ...write.document, caseStudyId: write.key.caseStudyId, variant: write.key.variant } : null;
      return { write, document, json: document ? JSON.stringify(document) : null };
    });
    // A large batch is analysed from now on, while the one before is still being written or committed.
    const analysis = batch.length >= this.workerFrom ? this.startAnalysis(batch) : undefined;
    const applied = this.writing.then(() => this.applyNow(batch, position, analysis));
    this.writing = applied.catch(() => undefined);
    return applied;
  }

  /** Sends the documents of `items` to the worker in chunks. */
  private startAnalysis(items: BatchItem[]): StartedAnalysis {
    const places = new Map<BatchItem, { chunk: number; at: number }>();
    const chunks: Promise<AnalysedDocument[]>[] = [];
    const withText = items.filter((item) => item.json !== null);
    for (let i = 0; i < withText.length; i += WORKER_CHUNK) {
      const chunk = withText.slice(i, i + WORKER_CHUNK);
      chunk.forEach((item, at) => places.set(item, { chunk: chunks.length, at }));
      const analysed = this.worker.analyse(chunk.map((item) => item.json!));
      // Handled here too: a chunk not awaited (the batch failed before it) must not be an unhandled rejection.
      analysed.catch(() => undefined);
      chunks.push(analysed);
    }
    return { epoch: this.analysisEpoch, chunks, places };
  }

  /** Tells the workers to forget what they reported (their next request says so); analyses started before are redone. */
  private forgetAnalysis(): void {
    this.worker.forget();
    this.analysisEpoch++;
  }

  /** A batch not written after all: the worker reported terms that never reached the lexicon. */
  private async abandon(...analyses: StartedAnalysis[]): Promise<void> {
    this.forgetAnalysis();
    await Promise.allSettled(analyses.flatMap((analysis) => analysis.chunks));
  }

  /**
   * Commits the batch apply() left open, if any. A failure is kept for the next apply() (and forgotten once
   * durablePosition() has told the feed where the index stands). Until then, searches answer without the batch.
   */
  private commitPending(): void {
    const pending = this.uncommitted;
    if (!pending) return;
    this.uncommitted = undefined;
    clearTimeout(pending.timer);
    try {
      pending.commit();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.forgetAnalysis();
      this.failedCommit = { error };
      for (const lost of this.lostWritesListeners) lost(error);
    }
  }

  private async applyNow(batch: BatchItem[], position: number | undefined, started: StartedAnalysis | undefined): Promise<void> {
    try {
      this.commitPending();
      if (this.failedCommit) {
        const { error } = this.failedCommit;
        this.failedCommit = undefined;
        throw error;
      }
      // Set per commit: in WAL mode a synced commit also syncs the unsynced ones before it.
      this.db.pragma(position === undefined ? 'synchronous = FULL' : 'synchronous = NORMAL');
    } catch (error) {
      // The worker has reported this batch's words (or will): they never reach the lexicon.
      if (started) await this.abandon(started);
      throw error;
    }
    const changedFacts = new Map<number, DocumentFacts | null>();
    const newTerms = new Set<string>();
    // Analysed words whose terms this batch puts in the lexicon: marked as such once it has committed.
    const entering: AnalysedWord[] = [];
    // Terms of replaced or removed text: they leave the lexicon when no stored document has them any more.
    const dropped = new Set<string>();
    const { entry, insertEntry, updateEntry, insertTerms, deleteTerms } = this.statements;
    type Stored = ReturnType<typeof entry.get>;
    /** Writes one document that replaces what is stored; `analysed`: the worker's analysis of it, or undefined to analyse it here. */
    const writeOne = ({ write, document, json }: (typeof batch)[number], stored: Stored, analysed: AnalysedDocument | undefined) => {
      const facts = document ? factsOf(document) : null;
      const factsJson = facts ? JSON.stringify(facts) : null;
      let id: number;
      if (stored) {
        id = stored.id;
        if (stored.document !== null) {
          deleteTerms.run(id);
          for (const term of this.analyseDocument(JSON.parse(stored.document) as CaseStudySearchDocument).lexicon()) dropped.add(term);
        }
        updateEntry.run(write.revision, json, factsJson, id);
      } else {
        id = Number(insertEntry.run(write.key.caseStudyId, write.key.variant, write.revision, json, factsJson).lastInsertRowid);
      }
      if (document && analysed) {
        insertTerms.run(id, ...analysed.columns);
        // A term of replaced text that this text has too stays (rare while catching up: analysed again here).
        if (dropped.size > 0) for (const term of this.analyseDocument(document).lexicon()) dropped.delete(term);
        for (const term of analysed.terms) if (!this.lexicon.has(term)) newTerms.add(term);
      } else if (document) {
        const here = this.analyseDocument(document);
        insertTerms.run(id, ...here.columns);
        // A term of replaced text that this text has too stays (the common case of a small revision).
        if (dropped.size > 0) for (const term of here.lexicon()) dropped.delete(term);
        for (const word of here.unseenWords) {
          for (const term of [word.folded, ...word.stems]) if (!this.lexicon.has(term)) newTerms.add(term);
          entering.push(word);
        }
      }
      changedFacts.set(id, facts);
    };
    const finish = () => {
      if (position !== undefined) this.statements.recordPosition.run(String(position));
    };
    // What this process keeps in memory follows the file once the writes are committed.
    const committed = () => {
      for (const [id, facts] of changedFacts) this.facts.set(id, facts);
      for (const term of newTerms) this.lexicon.add(term);
      for (const word of entering) word.inLexicon = true;
      let removed = false;
      for (const term of dropped) {
        if (!this.lexiconHas(term)) {
          this.lexicon.remove(term);
          removed = true;
        }
      }
      // Analysed words remember that their terms are in the lexicon: after a removal that may no longer hold.
      if (removed) {
        this.analyser.forget();
        this.forgetAnalysis();
      }
    };
    if (!started) {
      this.db.transaction(() => {
        for (const item of batch) {
          const stored = entry.get(item.write.key.caseStudyId, item.write.key.variant);
          if (replaces(item.write, stored?.revision)) writeOne(item, stored, undefined);
        }
        finish();
      })();
      committed();
      return;
    }
    // The worker analyses chunk n + 1 while this thread writes chunk n, all in one transaction.
    let analysis = started;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const accepted = batch.flatMap((item) => {
        const stored = entry.get(item.write.key.caseStudyId, item.write.key.variant);
        return replaces(item.write, stored?.revision) ? [{ item, stored }] : [];
      });
      // The worker reports a word's terms once, in the first document that has it: that document must be written.
      // When the revision guard turns one away (a replayed batch), or the workers forgot since (a failed batch,
      // terms that left the lexicon), what was reported is not what this batch writes: the accepted ones again.
      if (accepted.length < batch.length) this.forgetAnalysis();
      if (analysis.epoch !== this.analysisEpoch) analysis = this.startAnalysis(accepted.map(({ item }) => item));
      for (const { item, stored } of accepted) {
        const place = analysis.places.get(item);
        writeOne(item, stored, place ? (await analysis.chunks[place.chunk])[place.at] : undefined);
      }
      finish();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      await this.abandon(started, analysis);
      throw error;
    }
    if (position === undefined) {
      this.db.exec('COMMIT');
      committed();
      return;
    }
    // Left open for the next call (commitPending): the position is recorded with the writes, so a commit lost to a
    // crash is a batch durablePosition() sends again, as after a power cut.
    this.uncommitted = {
      commit: () => {
        this.db.exec('COMMIT');
        committed();
      },
      timer: setTimeout(() => this.commitPending(), COMMIT_DELAY_MS).unref(),
    };
  }

  private lexiconHas(term: string): boolean {
    return this.statements.lexiconTerm.get(term) !== undefined;
  }

  private analyseWord(word: string, language: StemmingLanguage | undefined): AnalysedWord {
    return this.analyser.word(word, language);
  }

  /**
   * Each field as its distinct index terms (each once: bm25 then weighs how rare a term is and in which field,
   * not how often a text repeats it, and the index stays small); the analysed words not known to be in the
   * lexicon yet; and, on demand, the lexicon terms of the document (its distinct folded words and stems).
   * Each distinct word of a field is analysed once.
   */
  private analyseDocument(document: CaseStudySearchDocument): { columns: Columns; unseenWords: AnalysedWord[]; lexicon(): string[] } {
    const { columns, words } = this.analyser.analyse(document);
    return {
      columns,
      unseenWords: words.filter((word) => !word.inLexicon),
      lexicon: () => [...new Set(words.flatMap((word) => [word.folded, ...word.stems]))],
    };
  }

  /** The index terms of each query word, with their costs: its stems, prefix words, typo neighbours (words and stems). */
  private termsOf(words: QueryWord[]): WordTerms[] {
    return words.map((word) => {
      const cost = new Map<string, number>();
      // A reached surface word is found through its stems (the index holds stems).
      const reach = (term: string, value: number) => {
        for (const form of [term, ...queryStemsOf(term)]) {
          const known = cost.get(form);
          if (known === undefined || value < known) cost.set(form, value);
        }
      };
      // The word and its own stems, not the stems of those stems ("lugelie" -> lugel, not luge).
      for (const term of [word.word, ...word.stems]) cost.set(term, EXACT_COST);
      if (word.prefix) for (const term of this.lexicon.withPrefix(word.word, this.maxPrefixExpansions)) reach(term, PREFIX_COST);
      const neighbours = new Map<string, number>();
      this.lexicon.withinTypos(word.word, word.typos, neighbours);
      const written = new Map<string, number>();
      for (const [term, typos] of neighbours) {
        reach(term, inflectedTypoCost(typos));
        written.set(term, writtenTypoCost(typos));
      }
      // A stem gets the typo budget of its own length too: one typo in a 4-letter stem is another word ("pump"
      // and "pomp": "heat pumps" must not find "pompes à chaleur").
      const ofStems = new Map<string, number>();
      for (const stem of word.stems) if (stem !== word.word) this.lexicon.withinTypos(stem, Math.min(word.typos, allowedTypos(stem)), ofStems);
      for (const [term, typos] of ofStems) reach(term, stemTypoCost(typos));
      return { terms: new Set(cost.keys()), cost, written };
    });
  }

  private matchExpression(terms: Iterable<string>): string {
    return `(${[...terms].map(ftsTerm).join(' OR ')})`;
  }

  /**
   * Closer matches rank first (Meilisearch's "typo" and "exactness" rules): bm25 alone prefers rare typo
   * neighbours and completions to the word asked. One expression per cost level below the highest reached:
   * every word matched at that cost or less. A document gets a bonus for each level it is in.
   */
  private typoTierExpressions(termsPerWord: WordTerms[], matching: 'ALL' | 'ANY'): { expression: string; terms: string[] }[] {
    const join = matching === 'ALL' ? ' AND ' : ' OR ';
    const levels = [...new Set(termsPerWord.flatMap((w) => [...w.cost.values(), ...w.written.values()]))].sort((a, b) => a - b);
    const tiers: { expression: string; terms: string[] }[] = [];
    let previous: string | undefined;
    for (const level of levels) {
      const perWord = termsPerWord.map((w) => {
        const terms = [...w.cost].filter(([, cost]) => cost <= level).map(([term]) => term);
        const asWritten = [...w.written].filter(([term, cost]) => cost <= level && w.cost.get(term)! > level).map(([term]) => term);
        return { terms, asWritten, all: terms.length === w.terms.size };
      });
      // A level holding every term of every word changes no order; a word with no term at this level makes an
      // ALL expression match nothing (and an ANY one only through the other words).
      if (perWord.every((w) => w.all)) break;
      const expressions = perWord.map(({ terms, asWritten }) => {
        const parts = terms.map(ftsTerm);
        if (asWritten.length > 0) parts.push(`words : (${asWritten.map(ftsTerm).join(' OR ')})`);
        return parts.length > 0 ? `(${parts.join(' OR ')})` : undefined;
      });
      if (matching === 'ALL' && expressions.some((expression) => expression === undefined)) continue;
      const expression = expressions.filter((e) => e !== undefined).join(join);
      if (expression !== previous) tiers.push({ expression, terms: perWord.flatMap((w) => w.terms) });
      previous = expression;
    }
    return tiers;
  }

  /** Runs an FTS5 statement, noting it in `trace` when asked (the benchmark's bare-engine comparison). */
  private ranked(expression: string, trace?: FtsStatement[]): { rowid: number; rank: number }[] {
    trace?.push({ sql: this.statements.ranked.source, expression, pluck: false });
    return this.statements.ranked.all(expression);
  }

  /** The rowids of the matches, unranked. */
  private rowids(expression: string, trace?: FtsStatement[]): number[] {
    trace?.push({ sql: this.statements.rowids.source, expression, pluck: true });
    return this.statements.rowids.all(expression);
  }

  /**
   * The FTS5 statements search() runs for a query, as SQL and MATCH expression, for the benchmark's bare-engine
   * comparison: the query is run once to find them (how many typo tiers are read depends on the matches).
   */
  ftsStatementsFor(query: CaseStudySearchQuery): FtsStatement[] {
    const trace: FtsStatement[] = [];
    this.run(query, trace);
    return trace;
  }

  async search(query: CaseStudySearchQuery): Promise<CaseStudySearchResult> {
    // A large apply() keeps its transaction open across awaits: answer from what it committed, not half a batch.
    await this.writing;
    this.commitPending();
    return this.run(query);
  }

  private run(query: CaseStudySearchQuery, trace?: FtsStatement[]): CaseStudySearchResult {
    const words = analyseQuery(query.text ?? '');
    const termsPerWord = this.termsOf(words);
    const matching = query.matching ?? 'ALL';
    const sort = query.sort ?? 'RELEVANCE';
    const accept = this.facts.filterOf(query);
    const matches = this.matches;
    matches.begin(this.facts.rowidLimit);
    if (termsPerWord.length === 0) {
      for (let id = 0; id < this.facts.rowidLimit; id++) if (accept(id)) matches.add(id, 0);
    } else if (matching === 'ANY' || sort !== 'RELEVANCE') {
      this.anyOrUnrankedMatches(termsPerWord, matching, sort === 'RELEVANCE', accept, trace);
    } else {
      this.rankedAllMatches(termsPerWord, accept, query.offset + query.limit, trace);
    }
    const { ids, score } = matches;
    const facets = (query.facets ?? []).map((facet) => this.facts.countFacet(facet, ids));
    const page = firstInOrder(ids, query.offset + query.limit, this.facts.orderOf(sort, score)).slice(query.offset);
    // Snippets only when there are words to mark: a query of filters alone reads no document.
    const highlightTerms = new Set(termsPerWord.flatMap((w) => [...w.terms]));
    const marking = highlightTerms.size > 0 && page.length > 0;
    const heads = marking ? new TermHeads(highlightTerms) : undefined;
    const documents = marking ? this.documentsOf(page) : new Map<number, CaseStudySearchDocument>();
    return {
      totalCount: ids.length,
      facets,
      hits: page.map((id) => ({
        caseStudyId: this.facts.caseStudyId(id),
        variant: this.facts.variant(id) as CaseStudySearchKey['variant'],
        score: score[id],
        highlights: heads && documents.has(id) ? this.highlight(documents.get(id)!, highlightTerms, heads) : [],
      })),
    };
  }

  /**
   * Every word matched (ALL), by relevance: the documents that match are found unranked; then the typo tiers
   * (typoTierExpressions), closest first, are read ranked until `wanted` accepted documents are in the tiers
   * read: every other match ranks below them, so its exact place is not worth computing (for a common word,
   * one tier; bm25 over every typo neighbour of every word was most of a query's time). Within a tier, bm25 of
   * the last tier read orders the documents, so neighbours further than that tier do not weigh in.
   */
  private rankedAllMatches(termsPerWord: WordTerms[], accept: (id: number) => boolean, wanted: number, trace?: FtsStatement[]): void {
    const full = termsPerWord.map((w) => this.matchExpression(w.terms)).join(' AND ');
    const tiers = this.typoTierExpressions(termsPerWord, 'ALL');
    const matches = this.matches;
    const { score, tier } = matches;
    // Without tiers, one ranked statement does it all.
    if (tiers.length === 0) {
      for (const { rowid, rank } of this.ranked(full, trace)) if (accept(rowid)) matches.add(rowid, -rank);
    } else {
      for (const rowid of this.rowids(full, trace)) if (accept(rowid)) matches.add(rowid, 0);
    }
    if (matches.ids.length <= 1) return;
    let titleTerms = termsPerWord.flatMap((w) => [...w.terms]);
    if (tiers.length > 0) {
      const inTiers: number[] = [];
      let read = 0;
      let lastRows: { rowid: number; rank: number }[] = [];
      for (; read < tiers.length && inTiers.length < wanted; read++) {
        lastRows = this.ranked(tiers[read].expression, trace);
        for (const { rowid } of lastRows) {
          if (matches.has(rowid) && tier[rowid] === -1) {
            tier[rowid] = read;
            inTiers.push(rowid);
          }
        }
      }
      if (inTiers.length < wanted) {
        // Fewer than a page in the tiers: the rest of the matches is ordered by bm25 over every term.
        lastRows = this.ranked(full, trace);
      } else titleTerms = tiers[read - 1].terms;
      for (const { rowid, rank } of lastRows) if (matches.has(rowid)) score[rowid] = -rank;
      for (const rowid of inTiers) score[rowid] += TYPO_TIER_BONUS * (read - tier[rowid]);
    }
    // bm25's IDF vanishes for a word in most documents, and its column weights with it: a title match still
    // ranks above a body-only one.
    for (const rowid of this.rowids(`title : (${[...new Set(titleTerms)].map(ftsTerm).join(' OR ')})`, trace)) {
      if (matches.has(rowid)) score[rowid] += TITLE_BONUS;
    }
  }

  /** The accepted documents matching any word (scored by the number of words matched, then bm25 and tiers), or every word unranked. */
  private anyOrUnrankedMatches(termsPerWord: WordTerms[], matching: 'ALL' | 'ANY', ranked: boolean, accept: (id: number) => boolean, trace?: FtsStatement[]): void {
    const matches = this.matches;
    const { score } = matches;
    // Sorted by date or cost, bm25 is not worth computing.
    const run = (expression: string) => (ranked ? this.ranked(expression, trace) : this.rowids(expression, trace).map((rowid) => ({ rowid, rank: 0 })));
    if (matching === 'ALL') {
      for (const { rowid, rank } of run(termsPerWord.map((w) => this.matchExpression(w.terms)).join(' AND '))) if (accept(rowid)) matches.add(rowid, -rank);
    } else {
      for (const word of termsPerWord) {
        for (const { rowid, rank } of run(this.matchExpression(word.terms))) {
          if (matches.has(rowid)) score[rowid] = score[rowid] + PER_MATCHED_WORD - rank;
          else if (accept(rowid)) matches.add(rowid, PER_MATCHED_WORD - rank);
        }
      }
    }
    if (ranked && matches.ids.length > 1) {
      for (const { expression } of this.typoTierExpressions(termsPerWord, matching)) {
        for (const rowid of this.rowids(expression, trace)) if (matches.has(rowid)) score[rowid] += TYPO_TIER_BONUS;
      }
      const titleExpression = `title : (${[...new Set(termsPerWord.flatMap((w) => [...w.terms]))].map(ftsTerm).join(' OR ')})`;
      for (const rowid of this.rowids(titleExpression, trace)) if (matches.has(rowid)) score[rowid] += TITLE_BONUS;
    }
  }

  private documentsOf(ids: number[]): Map<number, CaseStudySearchDocument> {
    return new Map(this.statements.documents.all(JSON.stringify(ids)).map((row) => [row.id, JSON.parse(row.document) as CaseStudySearchDocument]));
  }

  private highlight(document: CaseStudySearchDocument, terms: Set<string>, heads: TermHeads): CaseStudySearchHighlight[] {
    const language = stemmingLanguageOf(document.language);
    // A word matches when it or one of its stems is a term, so its first three letters begin a term: most words
    // fail that test before they are folded, and only words that pass it are stemmed (costly over a long body).
    const matches = (text: string, start: number, end: number) => {
      if (!heads.mayMatch(text, start, end)) return false;
      const word = text.slice(start, end);
      const folded = fold(word);
      if (terms.has(folded)) return true;
      if (!heads.sharesHead(folded)) return false;
      return this.analyseWord(word, language).stems.some((stem) => terms.has(stem));
    };
    const highlights: CaseStudySearchHighlight[] = [];
    for (const field of FIELDS) {
      const snippet = snippetOf(document[field], matches);
      if (snippet !== undefined) highlights.push({ field, snippet });
    }
    return highlights;
  }

  async get(key: CaseStudySearchKey): Promise<CaseStudySearchDocument | undefined> {
    await this.writing;
    this.commitPending();
    const row = this.statements.entry.get(key.caseStudyId, key.variant);
    return row?.document ? (JSON.parse(row.document) as CaseStudySearchDocument) : undefined;
  }

  async clear(): Promise<void> {
    await this.writing;
    this.commitPending();
    this.failedCommit = undefined;
    this.dropSchema();
    this.createSchema();
    this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('position', '0')").run();
    Object.assign(this, { statements: this.prepare() });
    this.facts.clear();
    this.lexicon.clear();
    this.analyser.forget();
    this.forgetAnalysis();
    this.compact();
  }

  /**
   * Rewrites the index so that removed text is gone from the files, not only from answers: merges the FTS5
   * segments, then checkpoints and truncates the write-ahead log (which holds old page images).
   */
  compact(): void {
    this.commitPending();
    this.db.exec(`INSERT INTO terms(terms) VALUES ('optimize')`);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Whether the analysis worker thread is running (tests). */
  get analysisWorkerRunning(): boolean {
    return this.worker.running;
  }

  /** Documents stored and distinct lexicon terms (for /health and the benchmark). */
  stats(): { documents: number; lexiconTerms: number } {
    return { documents: this.facts.size, lexiconTerms: this.lexicon.size };
  }

  async close(): Promise<void> {
    await this.writing;
    this.commitPending();
    await this.worker.close();
    if (this.db.open) this.db.close();
  }
}

/**
 * The first `count` items of `items` in `order`, sorted: a full sort only when most are wanted, else one pass
 * that keeps the best `count` (a page of 20 out of 50,000 matches should not sort 50,000).
 */
function firstInOrder<T>(items: T[], count: number, order: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (items.length <= count * 4) return items.sort(order).slice(0, count);
  const best = items.slice(0, count).sort(order);
  for (let i = count; i < items.length; i++) {
    const item = items[i];
    if (order(item, best[count - 1]) >= 0) continue;
    // Binary search for its place among the best, then drop the last.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(item, best[middle]) < 0) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, item);
    best.pop();
  }
  return best;
}

/**
 * A passage of `text` around its first matched word, matched words wrapped in <mark>, everything else escaped;
 * short texts whole. Undefined when no word matches. Reads a long text lazily, up to the end of the passage.
 */
function snippetOf(text: string, matches: (text: string, start: number, end: number) => boolean): string | undefined {
  if (!text) return undefined;
  // The starts of the last words read before the first match, in a ring: the passage begins at the oldest.
  const recentStarts = new Int32Array(SNIPPET_WORDS_BEFORE + 1);
  let read = 0;
  const marked: { start: number; end: number }[] = [];
  let first = -1;
  let windowStart = 0;
  let windowEnd = text.length;
  let wordsAfter = 0;
  const words = new WordSpans(text);
  while (words.next()) {
    const { start, end } = words;
    const isMatch = matches(text, start, end);
    if (first < 0) {
      recentStarts[read++ % recentStarts.length] = start;
      if (!isMatch) continue;
      first = start;
      windowStart = text.length <= WHOLE_FIELD_CHARS ? 0 : recentStarts[read <= recentStarts.length ? 0 : read % recentStarts.length];
      marked.push({ start, end });
      continue;
    }
    if (isMatch) marked.push({ start, end });
    if (text.length > WHOLE_FIELD_CHARS && ++wordsAfter >= SNIPPET_WORDS) {
      windowEnd = end;
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
