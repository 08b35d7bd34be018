import { CommandHandler, newId } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { ProjectionCheckpointEntity, ProjectionRunner, RevisionGuardedDocuments } from '@sce/projections';
import { readModelDrivers } from '../../../projections/src/testing/read-model-databases';
import type { CaseStudySearchDocument, CaseStudySearchIndex, CaseStudySearchKey } from '@sce/search';
import { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { CaseStudyCommand } from '../domain/case-study.commands';
import { caseStudyDecider } from '../domain/case-study.decide';
import { caseStudyStreamId } from '../domain/case-study.events';
import { aContent } from '../testing/case-study-content.fixture';
import { CASE_STUDY_SEARCH_FEED, caseStudySearchFeed } from './case-study-search-feed';

/** The port over the reference revision-guarded sink: what any engine behind it must keep. */
function inMemoryIndex(): CaseStudySearchIndex & { documents: RevisionGuardedDocuments<CaseStudySearchDocument> } {
  const documents = new RevisionGuardedDocuments<CaseStudySearchDocument>();
  const id = (key: CaseStudySearchKey) => `${key.caseStudyId}/${key.variant}`;
  return {
    engine: 'in-memory',
    documents,
    async apply(writes) {
      for (const write of writes) documents.upsertIfNewer(id(write.key), write.revision, write.document);
    },
    search: async () => ({ totalCount: 0, hits: [], facets: [] }),
    get: async (key) => documents.get(id(key))?.doc ?? undefined,
    clear: async () => undefined,
    close: async () => undefined,
  };
}

const [[, sqliteReadModels]] = readModelDrivers();

describe('The case-study search feed, through the projection runner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const readModels = sqliteReadModels();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-search-feed-'));
    store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => readModels.dispose());

  /** The feed alone under a runner, into this index, in small batches. */
  const startFeed = async (db: DataSource, index: CaseStudySearchIndex) => {
    runner = new ProjectionRunner(store, db, [], {
      sinks: [caseStudySearchFeed(index, { store, organisationTypes: async (ids) => new Map(ids.map((organisationId) => [organisationId, 'MUNICIPALITY'])), caseStudiesNaming: async () => [] })],
      batchSize: 3,
    });
    await runner.start();
  };

  it('keeps the published and the in-review text of each case study, at its last revision, and a replay from the start changes nothing', async () => {
    const db = await readModels.open([]);
    const index = inMemoryIndex();
    const start = () => startFeed(db, index);
    const handler = new CommandHandler(store);
    const caseStudy = () => {
      const caseStudyId = newId();
      const run = (type: CaseStudyCommand['type'], data: object, actorId = 'author') =>
        handler.handle(caseStudyDecider, caseStudyStreamId(caseStudyId), { type, data: { caseStudyId, ...data }, metadata: { now: new Date(), actorId, correlationId: newId() } } as CaseStudyCommand);
      return { caseStudyId, run };
    };
    const approve = { decision: 'APPROVE', comments: [], reviewer: { roles: ['REVIEWER'], memberOf: [] } };

    await start();
    const underRevision = caseStudy();
    await underRevision.run('DraftCaseStudy', { organisationId: 'city', content: aContent({ title: 'First text' }) });
    await underRevision.run('SubmitCaseStudy', {});
    await underRevision.run('ReviewCaseStudy', approve, 'reviewer');
    await underRevision.run('ReviseCaseStudy', { changes: { title: 'Second text' }, changeNote: 'Newer' });
    await underRevision.run('SubmitCaseStudy', {});
    const gone = caseStudy();
    await gone.run('DraftCaseStudy', { organisationId: 'city', content: aContent() });
    await gone.run('SubmitCaseStudy', {});
    await gone.run('ReviewCaseStudy', approve, 'reviewer');
    await gone.run('ArchiveCaseStudy', { reason: 'Superseded' });
    const head = await store.headPosition();
    expect(await runner!.waitFor(head, 10000, [CASE_STUDY_SEARCH_FEED])).toBe(true);

    const indexed = () => index.documents.all().map(({ id, revision, doc }) => ({ id, revision, title: doc!.title }));
    const expected = [
      { id: `${underRevision.caseStudyId}/PUBLISHED`, revision: 4, title: 'First text' },
      { id: `${underRevision.caseStudyId}/IN_REVIEW`, revision: 4, title: 'Second text' },
    ];
    expect(indexed()).toEqual(expect.arrayContaining(expected));
    expect(indexed()).toHaveLength(2);

    // A crash before the checkpoint was stored: everything is delivered again, and nothing changes.
    await runner!.stop();
    await db.getRepository(ProjectionCheckpointEntity).update({ name: CASE_STUDY_SEARCH_FEED }, { position: 0 });
    await start();
    expect(await runner!.waitFor(head, 10000, [CASE_STUDY_SEARCH_FEED])).toBe(true);
    expect(indexed()).toEqual(expect.arrayContaining(expected));
    expect(indexed()).toHaveLength(2);
  });

  it('feeds the embedded index again from the position it recorded when it lost its last batches (a power cut), though the checkpoint is past them', async () => {
    const db = await readModels.open([]);
    // The read models outlive each test's log: start this feed from nothing.
    await db.getRepository(ProjectionCheckpointEntity).delete({ name: CASE_STUDY_SEARCH_FEED });
    const fileName = join(dir, 'search.sqlite');
    let index = new EmbeddedSearchIndex({ fileName });
    const start = () => startFeed(db, index);
    const handler = new CommandHandler(store);
    const draft = (title: string) => {
      const caseStudyId = newId();
      return handler.handle(caseStudyDecider, caseStudyStreamId(caseStudyId), {
        type: 'ImportPublishedCaseStudy',
        data: { caseStudyId, organisationId: 'city', content: aContent({ title }) },
        metadata: { now: new Date(), actorId: null, correlationId: newId() },
      } as CaseStudyCommand);
    };
    const titles = async () => (await index.search({ variants: ['PUBLISHED'], offset: 0, limit: 50 })).hits.length;

    for (const title of ['Tram depot', 'Bike lanes', 'Heat pumps']) await draft(title);
    await start();
    const first = await store.headPosition();
    expect(await runner!.waitFor(first, 10000, [CASE_STUDY_SEARCH_FEED])).toBe(true);
    expect(await index.durablePosition()).toBe(first);
    await runner!.stop();
    await index.close();
    // What was on disk then: the file holds no write-ahead log once closed.
    expect(existsSync(`${fileName}-wal`)).toBe(false);
    copyFileSync(fileName, join(dir, 'on-disk.sqlite'));

    index = new EmbeddedSearchIndex({ fileName });
    await start();
    for (const title of ['Rain gardens', 'Smart meters']) await draft(title);
    const head = await store.headPosition();
    expect(await runner!.waitFor(head, 10000, [CASE_STUDY_SEARCH_FEED])).toBe(true);
    expect(await titles()).toBe(5);
    await runner!.stop();
    await index.close();

    // The power cut: the index's last batches never reached the disk; the feed's checkpoint did.
    copyFileSync(join(dir, 'on-disk.sqlite'), fileName);
    expect((await db.getRepository(ProjectionCheckpointEntity).findOneBy({ name: CASE_STUDY_SEARCH_FEED }))?.position).toBe(head);
    index = new EmbeddedSearchIndex({ fileName });
    expect(await titles()).toBe(3);
    expect(await index.durablePosition()).toBe(first);
    await start();
    expect(await runner!.waitFor(head, 10000, [CASE_STUDY_SEARCH_FEED])).toBe(true);
    expect(await titles()).toBe(5);
    expect(await index.durablePosition()).toBe(head);
    await runner!.stop();
    await index.close();
  });
});
