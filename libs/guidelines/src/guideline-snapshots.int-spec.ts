import { CommandHandler } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aGuidelineContent } from './testing/guideline-content.fixture';
import type { GuidelineCommand } from './domain/guideline.commands';
import { guidelineDecider } from './domain/guideline.decide';
import { guidelineStreamId, type GuidelineEvent } from './domain/guideline.events';
import { evolveGuideline, initialGuideline, type ExistingGuideline } from './domain/guideline';

// Guidelines opt in to the kernel's snapshots: a long guideline's commands start from the latest snapshot,
// which must be exactly the state a full replay of its stream gives.
describe('Guideline snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sce-guideline-snapshots-'));
  const store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite') });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('snapshots a guideline every 100 events, and the snapshot is the state a full replay gives', async () => {
    const handler = new CommandHandler(store);
    const guidelineId = 'g-long';
    const streamId = guidelineStreamId(guidelineId);
    const run = (type: GuidelineCommand['type'], data: object) =>
      handler.handle(guidelineDecider, streamId, { type, data: { guidelineId, ...data }, metadata: { now: new Date(), actorId: 'author', correlationId: `c-${Math.random()}` } } as GuidelineCommand);
    const content = aGuidelineContent();
    const sectionId = content.sections[0].sectionId;
    await run('DraftGuideline', { content });
    for (let revision = 1; revision <= 150; revision++) {
      await run('EditGuideline', { changes: [{ kind: 'EDIT', sectionId, body: `Text as of edit ${revision}.` }], expectedRevision: revision, changeNote: `Edit ${revision}` });
    }
    const snapshot = await store.readSnapshot(streamId);
    expect(snapshot).toBeDefined();
    expect(snapshot!.streamRevision).toBeGreaterThanOrEqual(99);
    const replayed = (await store.readStream(streamId, { maxCount: snapshot!.streamRevision + 1 })).map((recorded) => ({ type: recorded.type, data: recorded.data }) as GuidelineEvent);
    expect(JSON.parse(snapshot!.state)).toEqual(JSON.parse(JSON.stringify(replayed.reduce(evolveGuideline, initialGuideline()))));
    // And a command after it decides on the whole history: the revision it expects is the 151st.
    const result = await run('EditGuideline', { changes: [{ kind: 'EDIT', sectionId, body: 'The last text.' }], expectedRevision: 151, changeNote: 'Last' });
    expect((result.state as ExistingGuideline).revision).toBe(152);
  });
});
