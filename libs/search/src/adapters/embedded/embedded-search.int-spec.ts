import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseStudySearchIndex } from '../../case-study-search.port';
import Database from 'better-sqlite3';
import { aSearchDocument, aWrite, testCaseStudySearchContract } from '../../testing/case-study-search-contract';
import { EmbeddedSearchIndex } from './embedded-search-index';

/** The contract on an index file of its own; `open` opens the index over that file (again after a close). */
function contractOnFile(name: string, open: (fileName: string) => CaseStudySearchIndex): void {
  const dir = mkdtempSync(join(tmpdir(), 'sce-search-'));
  const fileName = join(dir, 'search.sqlite');
  testCaseStudySearchContract(name, async () => open(fileName), {
    // Every byte of every file the engine keeps (database, write-ahead log), after its compaction.
    storageContains: async (index: CaseStudySearchIndex, text: string) => {
      (index as EmbeddedSearchIndex).compact();
      const needle = Buffer.from(text, 'utf8');
      return readdirSync(dir).some((file) => readFileSync(join(dir, file)).includes(needle));
    },
    reopen: async (index) => {
      await index.close();
      return open(fileName);
    },
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  });
}

contractOnFile('embedded', (fileName) => new EmbeddedSearchIndex({ fileName }));

// The same contract with every batch analysed in the worker thread (in production only large batches are).
contractOnFile('embedded, analysis in its worker thread', (fileName) => new EmbeddedSearchIndex({ fileName, analysisWorkerFrom: 1 }));

// And with every batch named by a log position, as the search feed sends them: a large one is acknowledged
// before it is committed (apply's deferred commit), so each read must commit it first.
const withPositions = (index: EmbeddedSearchIndex): CaseStudySearchIndex => {
  let position = 0;
  return new Proxy(index, {
    get: (target, property) => {
      if (property === 'apply') return (writes: Parameters<EmbeddedSearchIndex['apply']>[0]) => target.apply(writes, ++position);
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
contractOnFile('embedded, analysis in its worker thread, batches named by their log position', (fileName) => withPositions(new EmbeddedSearchIndex({ fileName, analysisWorkerFrom: 1 })));

describe('The embedded index file and its feed', () => {
  const formatDir = mkdtempSync(join(tmpdir(), 'sce-search-format-'));
  afterAll(() => rmSync(formatDir, { recursive: true, force: true }));
  const search = (index: EmbeddedSearchIndex, text: string) => index.search({ text, variants: ['PUBLISHED'], offset: 0, limit: 10 });

  it('asks for a replay from the start of the log when the file is new, not when it reopens its own', async () => {
    const file = join(formatDir, 'new.sqlite');
    const created = new EmbeddedSearchIndex({ fileName: file });
    expect(created.needsReplay()).toBe(true);
    await created.close();
    // Only opened (a command that does not feed it): the replay is still owed.
    const fed = new EmbeddedSearchIndex({ fileName: file });
    expect(fed.needsReplay()).toBe(true);
    fed.replayStarted();
    await fed.apply([aWrite(aSearchDocument({ title: 'Tram depot' }))]);
    await fed.close();
    const reopened = new EmbeddedSearchIndex({ fileName: file });
    expect(reopened.needsReplay()).toBe(false);
    expect((await search(reopened, 'depot')).totalCount).toBe(1);
    await reopened.close();
  });

  it('records the log position with the writes that take it there, so it knows what reached the disk', async () => {
    const file = join(formatDir, 'position.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file });
    expect(await index.durablePosition()).toBe(0);
    await index.apply([aWrite(aSearchDocument({ title: 'Tram depot' }))], 7);
    // Writes without a position (synced, as before) leave it where it was; a batch without writes still moves it.
    await index.apply([aWrite(aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000009', title: 'Bus depot' }))]);
    expect(await index.durablePosition()).toBe(7);
    await index.apply([], 9);
    await index.close();
    const reopened = new EmbeddedSearchIndex({ fileName: file });
    expect(await reopened.durablePosition()).toBe(9);
    expect((await search(reopened, 'depot')).totalCount).toBe(2);
    await reopened.clear();
    expect(await reopened.durablePosition()).toBe(0);
    await reopened.close();
    // A file from before positions were recorded: no position, so its feed's checkpoint rules.
    const raw = new Database(file);
    raw.prepare("DELETE FROM meta WHERE key = 'position'").run();
    raw.close();
    const older = new EmbeddedSearchIndex({ fileName: file });
    expect(await older.durablePosition()).toBeUndefined();
    await older.close();
  });

  const large = (count: number, from: number, text: (i: number) => string, revision = 1) =>
    Array.from({ length: count }, (_, k) => aWrite(aSearchDocument({ caseStudyId: `00000000-0000-7000-8000-${String(from + k).padStart(12, '0')}`, title: text(from + k) }), revision));
  const positionIn = (file: string) => {
    const raw = new Database(file, { readonly: true });
    try {
      return raw.prepare<[], string>("SELECT value FROM meta WHERE key = 'position'").pluck().get();
    } finally {
      raw.close();
    }
  };

  /**
   * The index's next COMMIT fails as on a full disk: SQLite then leaves the transaction open. Injected, because
   * FTS5 also writes pending terms before the commit, so a real size limit cannot single the commit out.
   */
  const failNextCommit = (index: EmbeddedSearchIndex) => {
    const db = (index as unknown as { db: Database.Database }).db;
    const exec = db.exec.bind(db);
    let failCommit = true;
    db.exec = (sql: string) => {
      if (sql === 'COMMIT' && failCommit) {
        failCommit = false;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return exec(sql);
    };
  };

  it('acknowledges a large batch named by its log position before committing it; the next read, apply or close commits it', async () => {
    const file = join(formatDir, 'deferred.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom: 10 });
    await index.apply(large(20, 1, (i) => `Heliostat ${i}`), 5);
    // Not committed yet: another connection still reads the position before it.
    expect(positionIn(file)).toBe('0');
    // A search answers with it (committing it first), and its position is then on disk.
    expect((await search(index, 'heliostat')).totalCount).toBe(20);
    expect(positionIn(file)).toBe('5');
    await index.apply(large(20, 21, (i) => `Gondola ${i}`), 6);
    expect(await index.durablePosition()).toBe(6);
    await index.apply(large(20, 41, (i) => `Funicular ${i}`), 7);
    await index.close();
    expect(positionIn(file)).toBe('7');
    // Without a position, apply() still resolves once its writes are on disk.
    const again = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom: 10 });
    await again.apply(large(20, 61, (i) => `Cable car ${i}`));
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT count(*) FROM entries WHERE document IS NOT NULL").pluck().get()).toBe(80);
    raw.close();
    await again.close();
  });

  it('commits a deferred batch on its own when nothing else comes', async () => {
    const file = join(formatDir, 'deferred-timer.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom: 10 });
    await index.apply(large(20, 1, (i) => `Heliostat ${i}`), 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(positionIn(file)).toBe('5');
    await index.close();
  });

  it('fails the next apply() when a deferred commit failed, and reports the position before it, so its feed sends that batch again', async () => {
    const file = join(formatDir, 'deferred-failure.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom: 10 });
    await index.apply(large(70, 1, (i) => `Heliostat ${i}`), 5);
    expect(await index.durablePosition()).toBe(5);
    failNextCommit(index);
    const failing = large(70, 101, (i) => `Gondola ${i}`);
    await index.apply(failing, 6);
    await expect(index.apply(large(20, 300, (i) => `Tram ${i}`), 7)).rejects.toThrow(/full/i);
    // Nothing of it stays, in the file or in what this process keeps.
    expect(await index.durablePosition()).toBe(5);
    expect((await search(index, 'gondola')).totalCount).toBe(0);
    expect((await search(index, 'heliostat')).totalCount).toBe(70);
    // Sent again, the batch is indexed whole, with its words in the lexicon.
    await index.apply(failing, 6);
    expect((await search(index, 'gondola')).totalCount).toBe(70);
    expect((await search(index, 'gondolla')).totalCount).toBe(70);
    expect(await index.durablePosition()).toBe(6);
    await index.close();
  });

  it('keeps the words of a batch whose apply() failed on a commit left by the timer: sent again, they are in the lexicon', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'deferred-timer-failure.sqlite'), analysisWorkerFrom: 10 });
    await index.apply(large(20, 1, (i) => `Heliostat ${i}`), 5);
    expect(await index.durablePosition()).toBe(5);
    failNextCommit(index);
    const gondolas = large(20, 101, (i) => `Gondola ${i}`);
    const trams = large(20, 201, (i) => `Funicular ${i}`);
    await index.apply(gondolas, 6);
    // The timer commits, and fails; the next batch, already analysed, fails with it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(index.apply(trams, 7)).rejects.toThrow(/full/i);
    expect(await index.durablePosition()).toBe(5);
    await index.apply(gondolas, 6);
    await index.apply(trams, 7);
    expect((await search(index, 'gondolla')).totalCount).toBe(20);
    expect((await search(index, 'funiculr')).totalCount).toBe(20);
    expect((await search(index, 'funic')).totalCount).toBe(20);
    await index.close();
  });

  it('tells its feed when a deferred commit fails with no apply() to fail: on its timer, or in a search', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'deferred-lost.sqlite'), analysisWorkerFrom: 10 });
    const lost: unknown[] = [];
    index.onLostWrites((error) => lost.push(error));
    await index.apply(large(20, 1, (i) => `Heliostat ${i}`), 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lost).toEqual([]);
    failNextCommit(index);
    await index.apply(large(20, 101, (i) => `Gondola ${i}`), 6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lost.map(String)).toEqual(['Error: database or disk is full']);
    // The feed asks where the index stands, and sends the batch again.
    expect(await index.durablePosition()).toBe(5);
    await index.apply(large(20, 101, (i) => `Gondola ${i}`), 6);
    failNextCommit(index);
    expect((await search(index, 'gondola')).totalCount).toBe(0);
    expect(lost).toHaveLength(2);
    expect(await index.durablePosition()).toBe(5);
    await index.close();
  });

  it('keeps the lexicon right when a batch is analysed while the one before it is still written', async () => {
    const file = join(formatDir, 'overlapping.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom: 10 });
    // Not awaited one by one: the second batch's analysis starts while the first is written. The second
    // replaces half of the first (their words "heliostat" leave) and brings a new word.
    const first = index.apply(large(40, 1, (i) => (i <= 20 ? `Heliostat ${i}` : `Depot ${i}`)), 1);
    const second = index.apply(large(20, 1, (i) => `Gondola ${i}`, 2), 2);
    await Promise.all([first, second]);
    expect((await search(index, 'heliostat')).totalCount).toBe(0);
    expect((await search(index, 'gondolla')).totalCount).toBe(20);
    const lexiconTerms = index.stats().lexiconTerms;
    await index.close();
    const raw = new Database(file, { readonly: true });
    raw.exec("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, 'terms', 'row')");
    expect(lexiconTerms).toBe(raw.prepare('SELECT count(*) FROM temp.vocabulary').pluck().get());
    raw.close();
  });

  it('puts a new word in the lexicon when the first document of a replayed batch that has it is turned away by the revision guard', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'replayed.sqlite'), analysisWorkerFrom: 10 });
    await index.apply(large(20, 1, () => 'Tram depot', 2), 5);
    // A replay: the first 20 at an older revision (turned away) say "funicular" first; the 20 after it are new.
    await index.apply([...large(20, 1, () => 'Funicular depot', 1), ...large(20, 21, () => 'Funicular station')], 6);
    expect((await search(index, 'funicular')).totalCount).toBe(20);
    // Typo and prefix expansion look through the lexicon: the word is in it.
    expect((await search(index, 'funiculr')).totalCount).toBe(20);
    expect((await search(index, 'funic')).totalCount).toBe(20);
    await index.close();
  });

  it('indexes a large batch in its worker thread exactly as on its own thread: the same terms per field and document, the same lexicon', async () => {
    const words = ['rénovées', 'Rénovation', 'école', 'Écoles', 'heating', 'heated', 'Heat', 'трамвай', 'трамваи', 'объявление', 'ёлка', 'деньги', 'déchets', 'pumps', 'pumping', 'Pompes'];
    const text = (seed: number, count: number) => Array.from({ length: count }, (_, i) => `${words[(seed * 7 + i * 3) % words.length]}${(seed + i) % 5 === 0 ? ` word${(seed * i) % 97}` : ''}`).join(' ');
    const documents = Array.from({ length: 150 }, (_, i) =>
      aSearchDocument({ caseStudyId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, language: ['en', 'fr', 'ru'][i % 3], title: text(i, 4), summary: text(i + 1, 12), body: text(i + 2, 60) }),
    );
    const indexed = async (name: string, analysisWorkerFrom: number) => {
      const file = join(formatDir, name);
      const index = new EmbeddedSearchIndex({ fileName: file, analysisWorkerFrom });
      await index.apply(documents.slice(0, 100).map((document) => aWrite(document)), 1);
      // A second batch that replaces some of the first (terms leave and enter the lexicon) and adds others.
      await index.apply([...documents.slice(50, 150).map((document) => aWrite({ ...document, body: text(3, 20) }, 2))], 2);
      const hits = (await search(index, 'renovation heat')).hits.map((hit) => hit.caseStudyId);
      const lexiconTerms = index.stats().lexiconTerms;
      await index.close();
      const raw = new Database(file);
      raw.exec("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, 'terms', 'instance')");
      const terms = raw.prepare('SELECT term, doc, col FROM temp.vocabulary ORDER BY term, doc, col').all();
      const distinctTerms = raw.prepare('SELECT count(DISTINCT term) FROM temp.vocabulary').pluck().get();
      raw.close();
      // The lexicon kept in memory while writing is what the index holds (and what a restart reads back).
      expect(lexiconTerms).toBe(distinctTerms);
      return { terms, lexiconTerms, hits };
    };
    const here = await indexed('analysed-here.sqlite', Number.POSITIVE_INFINITY);
    const inWorker = await indexed('analysed-in-worker.sqlite', 10);
    expect(here.terms.length).toBeGreaterThan(1000);
    expect(inWorker.terms).toEqual(here.terms);
    expect(inWorker.lexiconTerms).toEqual(here.lexiconTerms);
    expect(inWorker.hits).toEqual(here.hits);
  });

  it('ends its worker thread when idle, and a new one still puts every new word in the lexicon', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'idle.sqlite'), analysisWorkerFrom: 2, analysisWorkerIdleMs: 50 });
    const pair = (first: string, second: string) => [aSearchDocument({ title: `Tram ${first}` }), aSearchDocument({ title: `Tram ${second}` })].map((document) => aWrite(document));
    await index.apply(pair('heliostat', 'depot'));
    expect(index.analysisWorkerRunning).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(index.analysisWorkerRunning).toBe(false);
    // "Tram" was reported by the first worker: the second must not take it as known, nor miss the new words.
    await index.apply(pair('gondola', 'funicular'));
    expect((await search(index, 'funiculr')).totalCount).toBe(1);
    expect((await search(index, 'tram')).totalCount).toBe(4);
    expect((await search(index, 'helio')).totalCount).toBe(1);
    await index.close();
    expect(index.analysisWorkerRunning).toBe(false);
  });

  it('keeps its lexicon as the terms it holds: a word leaves with its last document, and a restart reads back the same lexicon', async () => {
    const file = join(formatDir, 'lexicon.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file });
    const depot = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000001', title: 'Heliostat depot', summary: '', body: '' });
    const field = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000002', title: 'Heliostat field', summary: '', body: '' });
    await index.apply([aWrite(depot), aWrite(field)]);
    const withBoth = index.stats().lexiconTerms;
    // "depot" leaves with the only document that has it; "heliostat" stays with the other one.
    await index.apply([aWrite({ ...depot, title: 'Heliostat' }, 2)]);
    expect(index.stats().lexiconTerms).toBeLessThan(withBoth);
    expect((await search(index, 'heliostatt')).totalCount).toBe(2);
    const lexiconTerms = index.stats().lexiconTerms;
    await index.close();
    const reopened = new EmbeddedSearchIndex({ fileName: file });
    expect(reopened.stats().lexiconTerms).toBe(lexiconTerms);
    expect((await search(reopened, 'heliostatt')).totalCount).toBe(2);
    expect((await search(reopened, 'depott')).totalCount).toBe(0);
    expect((await search(reopened, 'fiel')).totalCount).toBe(1);
    await reopened.close();
  });

  it('opens a file of the format before (with its own lexicon table) by dropping that table, without a replay', async () => {
    const file = join(formatDir, 'format-3.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file });
    index.replayStarted();
    await index.apply([aWrite(aSearchDocument({ title: 'Heliostat depot' }))], 7);
    await index.close();
    const raw = new Database(file);
    raw.exec('CREATE TABLE lexicon (term TEXT PRIMARY KEY) WITHOUT ROWID');
    raw.pragma('user_version = 3');
    raw.close();
    const upgraded = new EmbeddedSearchIndex({ fileName: file });
    expect(upgraded.needsReplay()).toBe(false);
    expect(await upgraded.durablePosition()).toBe(7);
    expect((await search(upgraded, 'heliostatt')).totalCount).toBe(1);
    await upgraded.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'lexicon'").get()).toBeUndefined();
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });

  it('empties a file written in an older format and asks for a replay, instead of answering from it', async () => {
    const file = join(formatDir, 'old.sqlite');
    const index = new EmbeddedSearchIndex({ fileName: file });
    await index.apply([aWrite(aSearchDocument({ title: 'Tram depot' }))]);
    await index.close();
    const raw = new Database(file);
    raw.pragma('user_version = 1');
    raw.close();
    const upgraded = new EmbeddedSearchIndex({ fileName: file });
    expect(upgraded.needsReplay()).toBe(true);
    expect((await search(upgraded, 'depot')).totalCount).toBe(0);
    await upgraded.close();
  });

  it('scores matches with bm25, not all alike: a short text about the word before a long one that mentions it', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'bm25.sqlite') });
    const filler = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const long = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000001', title: 'Depot', summary: 'Depot', body: `${filler} heliostat ${filler}` });
    const short = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000002', title: 'Depot', summary: 'Depot', body: 'A heliostat field' });
    await index.apply([aWrite(long), aWrite(short)]);
    const result = await index.search({ text: 'heliostat', variants: ['PUBLISHED'], offset: 0, limit: 10 });
    expect(result.hits.map((hit) => hit.caseStudyId)).toEqual([short.caseStudyId, long.caseStudyId]);
    expect(result.hits[0].score).toBeGreaterThan(result.hits[1].score);
    await index.close();
  });

  it('allows a typo on a stem only as long as the typo budget of the stem itself: "heat pumps" does not find "pompes à chaleur"', async () => {
    const index = new EmbeddedSearchIndex({ fileName: join(formatDir, 'stems.sqlite') });
    const french = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000001', language: 'fr', title: 'Pompes à chaleur', summary: 'Des pompes', body: 'Pompes' });
    const english = aSearchDocument({ caseStudyId: '00000000-0000-7000-8000-000000000002', title: 'Heat pumps for schools', summary: 'Pumps', body: 'Pumping' });
    await index.apply([aWrite(french), aWrite(english)]);
    expect((await search(index, 'pumps')).hits.map((hit) => hit.caseStudyId)).toEqual([english.caseStudyId]);
    // A typo in the word itself is still forgiven.
    expect((await search(index, 'pumpss')).hits.map((hit) => hit.caseStudyId)).toEqual([english.caseStudyId]);
    await index.close();
  });
});
