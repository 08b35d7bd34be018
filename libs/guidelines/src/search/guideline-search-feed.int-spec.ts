import { CommandHandler, newId } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { ProjectionCheckpointEntity, ProjectionRunner } from '@sce/projections';
import { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';
import { GuidelineSearchOverEngine, PUBLIC_VIEWER, type GuidelineSearchWrite } from '@sce/search';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { readModelDrivers } from '../../../projections/src/testing/read-model-databases';
import type { GuidelineCommand } from '../domain/guideline.commands';
import { guidelineDecider } from '../domain/guideline.decide';
import { guidelineStreamId } from '../domain/guideline.events';
import { GuidelineRow, guidelineDirectoryProjection } from '../read-models/guideline-directory';
import { GuidelineCommentRow, GuidelineRevisionRow, GuidelineSectionTextRow, GuidelineVersionRow, guidelineTextsProjection } from '../read-models/guideline-texts';
import { CreateGuidelines1764500000000 } from '../migrations/1764500000000-create-guidelines';
import { CreateGuidelineHistory1764510000000 } from '../migrations/1764510000000-create-guideline-history';
import { aGuidelineContent, aSection } from '../testing/guideline-content.fixture';
import { DEFAULT_GUIDELINE_SEARCH_PACING, GUIDELINE_SEARCH_FEED, GUIDELINE_SEARCH_SOURCES, guidelineSearchFeed, type GuidelineSearchFeedPacing } from './guideline-search-feed';

const [[, sqliteReadModels]] = readModelDrivers();
const NO_PACING: GuidelineSearchFeedPacing = { slowDeliveryMs: Infinity, pauseFactor: 0, maxPauseMs: 0, hotWindowMs: 0 };

describe('The guideline search feed, through the projection runner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: DataSource;
  let runner: ProjectionRunner | undefined;
  let index: GuidelineSearchOverEngine;
  let applied: GuidelineSearchWrite[][];
  let readModels: ReturnType<typeof sqliteReadModels>;

  beforeEach(async () => {
    readModels = sqliteReadModels();
    dir = mkdtempSync(join(tmpdir(), 'sce-guideline-search-feed-'));
    store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    db = await readModels.open([GuidelineRow, GuidelineRevisionRow, GuidelineSectionTextRow, GuidelineVersionRow, GuidelineCommentRow], [CreateGuidelines1764500000000, CreateGuidelineHistory1764510000000]);
    index = new GuidelineSearchOverEngine(new EmbeddedSearchIndex({ fileName: join(dir, 'guideline-search.sqlite') }));
    applied = [];
    const apply = index.apply.bind(index);
    index.apply = async (writes) => {
      applied.push([...writes]);
      return apply(writes);
    };
  });
  afterEach(async () => {
    await runner?.stop();
    await index.close();
    await store.close();
    await readModels.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (pacing = NO_PACING, batchSize = 100) => {
    const feed = guidelineSearchFeed(index, { db, readModelsReached: (position) => runner!.waitFor(position, 10_000, GUIDELINE_SEARCH_SOURCES) }, pacing);
    runner = new ProjectionRunner(store, db, [guidelineDirectoryProjection, guidelineTextsProjection], { sinks: [feed], batchSize });
    await runner.start();
  };
  const caughtUp = async () => expect(await runner!.waitFor(await store.headPosition(), 20_000, [GUIDELINE_SEARCH_FEED])).toBe(true);
  const handler = () => new CommandHandler(store);
  const run = (guidelineId: string, type: GuidelineCommand['type'], data: object, actorId = 'author-1') =>
    handler().handle(guidelineDecider, guidelineStreamId(guidelineId), { type, data: { guidelineId, ...data }, metadata: { now: new Date(), actorId, correlationId: newId() } } as GuidelineCommand);
  const edit = (guidelineId: string, expectedRevision: number, body: string) =>
    run(guidelineId, 'EditGuideline', { expectedRevision, changeNote: `edit ${expectedRevision}`, changes: [{ kind: 'EDIT', sectionId: 'scope', body }] });
  const draft = async (title = 'Open data for urban mobility') => {
    const guidelineId = newId();
    await run(guidelineId, 'DraftGuideline', { content: aGuidelineContent({ title, sections: [aSection('scope', 'Scope', 'Timetables of trams.'), aSection('licence', 'Licensing terms', 'An open licence.')] }) });
    return guidelineId;
  };
  const publish = async (guidelineId: string) => {
    await run(guidelineId, 'RequestGuidelineReview', {});
    await run(guidelineId, 'ReviewGuideline', { decision: 'APPROVE', comment: null, reviewer: { roles: ['REVIEWER'] } }, 'reviewer-1');
    await run(guidelineId, 'PublishGuidelineVersion', { kind: 'MAJOR', changeSummary: 'First' });
  };
  const found = async (text: string, viewer = PUBLIC_VIEWER) => (await index.search({ text, viewer, offset: 0, limit: 10 })).hits.map((hit) => `${hit.guidelineId}/${hit.variant}`);

  it('keeps the published version for the public and the working text for its readers, at the stream revision, and a replay from the start changes nothing', async () => {
    await start();
    const guidelineId = await draft();
    await publish(guidelineId);
    await edit(guidelineId, 1, 'Timetables of buses.');
    await run(guidelineId, 'CommentOnGuideline', { commentId: 'c1', anchor: { sectionId: 'scope', revision: 2, quote: null }, text: 'Why buses?' }, 'citizen-1');
    await caughtUp();
    const author = { seesAllWorking: false, workingOf: [guidelineId] };
    expect(await found('trams')).toEqual([`${guidelineId}/PUBLISHED`]);
    expect(await found('buses')).toEqual([]);
    expect(await found('buses', author)).toEqual([`${guidelineId}/WORKING`]);
    expect(await found('licensing')).toEqual([`${guidelineId}/PUBLISHED`]);
    const published = await index.get({ guidelineId, variant: 'PUBLISHED' });
    const working = await index.get({ guidelineId, variant: 'WORKING' });
    expect(published).toMatchObject({ textRevision: 1, status: 'PUBLISHED', headings: ['Scope', 'Licensing terms'], sections: 'Timetables of trams.\n\nAn open licence.' });
    expect(working).toMatchObject({ textRevision: 2, status: 'PUBLISHED', sections: 'Timetables of buses.\n\nAn open licence.' });
    // Comments change nothing searchable: never delivered, never indexed.
    expect(applied.flat().some((write) => write.revision === 5)).toBe(false);
    await runner!.stop();
    await db.getRepository(ProjectionCheckpointEntity).update({ name: GUIDELINE_SEARCH_FEED }, { position: 0 });
    applied = [];
    await start();
    await caughtUp();
    expect(applied.length).toBeGreaterThan(0);
    expect(await index.get({ guidelineId, variant: 'PUBLISHED' })).toEqual(published);
    expect(await index.get({ guidelineId, variant: 'WORKING' })).toEqual(working);
  });

  it('indexes each guideline at most once per batch, and an edit rewrites the working text only', async () => {
    const guidelineId = await draft();
    await publish(guidelineId);
    for (let revision = 1; revision <= 30; revision++) await edit(guidelineId, revision, `Timetables, edit number ${revision}.`);
    const other = await draft('Street lighting');
    await start();
    await caughtUp();
    // The whole log in one batch: one write per document, at the last revision of each.
    expect(applied).toHaveLength(1);
    expect(applied[0].map((write) => `${write.key.guidelineId}/${write.key.variant}`).sort()).toEqual([`${guidelineId}/PUBLISHED`, `${guidelineId}/WORKING`, `${other}/WORKING`].sort());
    expect((await index.get({ guidelineId, variant: 'WORKING' }))?.sections).toContain('edit number 30');
    applied = [];
    await edit(guidelineId, 31, 'Timetables, last edit.');
    await caughtUp();
    expect(applied.flat().map((write) => write.key.variant)).toEqual(['WORKING']);
  });

  it('rebuilds from the log with a long guideline indexed once, not once per batch of its events', async () => {
    const guidelineId = await draft();
    await publish(guidelineId);
    for (let revision = 1; revision <= 20; revision++) await edit(guidelineId, revision, `Timetables, edit number ${revision}.`);
    await start(DEFAULT_GUIDELINE_SEARCH_PACING, 4);
    await caughtUp();
    applied = [];
    await runner!.rebuild(GUIDELINE_SEARCH_FEED);
    expect(applied.flat().map((write) => write.key.variant).sort()).toEqual(['PUBLISHED', 'WORKING']);
    expect(await found('trams')).toEqual([`${guidelineId}/PUBLISHED`]);
    expect((await index.get({ guidelineId, variant: 'WORKING' }))?.sections).toContain('edit number 20');
  });

  it('after a slow delivery that re-indexed the same guideline, pauses before the next so the edits made meanwhile are indexed together', async () => {
    // Every delivery counts as slow; the pause is 200 ms.
    await start({ slowDeliveryMs: -1, pauseFactor: 1_000, maxPauseMs: 200, hotWindowMs: 60_000 }, 100);
    const guidelineId = await draft();
    await caughtUp();
    await edit(guidelineId, 1, 'Timetables, first edit.');
    await caughtUp();
    applied = [];
    // Indexed just before: the delivery of this edit pauses, and the next ten arrive meanwhile.
    await edit(guidelineId, 2, 'Timetables, second edit.');
    for (let revision = 3; revision <= 12; revision++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await edit(guidelineId, revision, `Timetables, edit number ${revision}.`);
    }
    await caughtUp();
    expect(applied.length).toBeLessThanOrEqual(3);
    expect((await index.get({ guidelineId, variant: 'WORKING' }))?.sections).toContain('edit number 12');
  });
});
