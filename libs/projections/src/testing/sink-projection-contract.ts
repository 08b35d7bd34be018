import { type EventToAppend, type RecordedEvent } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { anEvent, waitUntil } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ProjectionCheckpointEntity } from '../projection-checkpoint.entity';
import { ProjectionRunner } from '../projection-runner';
import type { RevisionGuardedSink, SinkDocument, SinkProjection } from '../sink-projection';
import { readModelDrivers, type ReadModelDatabases } from './read-model-databases';

export interface TickDocument {
  count: number;
}

/** What the sink under test is told to do wrong next, one delivery each. */
interface Faults {
  fail: number;
  hang: number;
  /** The sink keeps the documents but the answer is lost: the runner must deliver them again. */
  acceptThenFail: number;
}

/**
 * The contract every sink adapter passes (the in-memory reference, a search engine): fed through the
 * runner by a projection that fails, times out, loses answers and is replayed from an old checkpoint, it
 * ends with exactly one document per stream, at the stream's last revision, and never took a write that
 * would have moved a document back.
 */
export function testSinkProjectionContract(sinkName: string, openSink: () => Promise<RevisionGuardedSink<TickDocument>>): void {
  describe.each(readModelDrivers())(`Sink projection into ${sinkName}, checkpoint in %s read models`, (_driver, databases) => {
    let dir: string;
    let store: SqliteEventStore;
    let readModels: ReadModelDatabases;
    let db: DataSource;
    let sink: RevisionGuardedSink<TickDocument>;
    let runner: ProjectionRunner | undefined;
    let faults: Faults;
    let delivered: number[];
    // Every write the sink kept, in order: revisions per document must only grow.
    let kept: Array<{ id: string; revision: number }>;
    let refused: number;
    // What the sink says it holds for certain (durablePosition), when the test gives it one.
    let durable: { position: number } | undefined;
    // What the runner asked to be told when the sink loses writes it accepted.
    let lostWrites: Array<(error: unknown) => void>;
    let loseWhenAsked: number;

    const projection = (): SinkProjection => ({
      name: 'documents',
      handles: ['Ticked', 'Removed'],
      timeoutMs: 100,
      async deliver(events, signal) {
        delivered.push(...events.map((event) => event.globalPosition));
        if (faults.fail > 0 && faults.fail--) throw new Error('sink unavailable');
        if (faults.hang > 0 && faults.hang--) {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          throw new Error('gave up');
        }
        for (const event of events) {
          const doc = event.type === 'Removed' ? null : { count: (event.data as { i: number }).i };
          if (await sink.upsertIfNewer(event.streamId, event.streamRevision, doc)) kept.push({ id: event.streamId, revision: event.streamRevision });
          else refused++;
        }
        if (durable) durable.position = events[events.length - 1].globalPosition;
        if (faults.acceptThenFail > 0 && faults.acceptThenFail--) throw new Error('connection lost after the sink accepted');
      },
      durablePosition: async () => {
        // As a deferred commit that fails when the runner asks (the embedded index commits before it answers).
        if (loseWhenAsked > 0 && loseWhenAsked--) for (const lost of lostWrites) lost(new Error('database or disk is full'));
        return durable?.position;
      },
      onLostWrites: (lost) => lostWrites.push(lost),
    });
    const start = async (options: { onError?: (error: unknown) => void } = {}) => {
      runner = new ProjectionRunner(store, db, [], { sinks: [projection()], batchSize: 6, retryDelayMs: 5, maxSinkBackoffMs: 40, ...options });
      await runner.start();
      return runner;
    };
    const append = async (streamId: string, type: string, i: number) => store.appendToStream(streamId, [anEvent(type, { i }) as EventToAppend], { expectedRevision: 'any' });
    const expected = async (): Promise<Array<SinkDocument<TickDocument>>> => {
      const last = new Map<string, RecordedEvent>();
      for (const event of await store.readAll({ maxCount: 10000 })) last.set(event.streamId, event);
      return [...last.values()]
        .filter((event) => event.type !== 'Removed')
        .map((event) => ({ id: event.streamId, revision: event.streamRevision, doc: { count: (event.data as { i: number }).i } }));
    };
    const byId = (documents: Array<SinkDocument<TickDocument>>) => [...documents].sort((a, b) => a.id.localeCompare(b.id));
    const storedCheckpoint = async () => (await db.getRepository(ProjectionCheckpointEntity).findOneBy({ name: 'documents' }))?.position ?? 0;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sce-sink-'));
      store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
      readModels = databases();
      db = await readModels.open([]);
      sink = await openSink();
      faults = { fail: 0, hang: 0, acceptThenFail: 0 };
      delivered = [];
      kept = [];
      refused = 0;
      durable = undefined;
      lostWrites = [];
      loseWhenAsked = 0;
    });
    afterEach(async () => {
      await runner?.stop();
      runner = undefined;
      await store.close();
      await readModels.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('ends with one document per stream at its last revision through failures, timeouts, lost answers and replays', async () => {
      for (let i = 0; i < 30; i++) await append(`s-${i % 7}`, 'Ticked', i);
      await append('s-3', 'Removed', 30);
      faults = { fail: 2, hang: 1, acceptThenFail: 2 };
      let live = await start();
      // Appended while the sink misbehaves: these are delivered live.
      for (let i = 31; i < 40; i++) await append(`s-${i % 5}`, 'Ticked', i);
      const head = await store.headPosition();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      expect(await storedCheckpoint()).toBe(head);
      expect(faults).toEqual({ fail: 0, hang: 0, acceptThenFail: 0 });

      // A crash before the checkpoint was stored: a new runner replays everything from an old one.
      await live.stop();
      await db.getRepository(ProjectionCheckpointEntity).update({ name: 'documents' }, { position: 0 });
      const before = delivered.length;
      live = await start();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      expect(delivered.length - before).toBeGreaterThanOrEqual(head);

      expect(byId(await sink.all())).toEqual(byId(await expected()));
      // Replays reached the sink, and it refused every write that was not newer.
      expect(refused).toBeGreaterThanOrEqual(head);
      const revisions = new Map<string, number>();
      for (const write of kept) {
        expect(write.revision).toBeGreaterThan(revisions.get(write.id) ?? -1);
        revisions.set(write.id, write.revision);
      }
    });

    it('feeds the sink again from its durable position when it lost deliveries its checkpoint covers', async () => {
      durable = { position: 0 };
      for (let i = 0; i < 20; i++) await append(`s-${i % 4}`, 'Ticked', i);
      let live = await start();
      const head = await store.headPosition();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      expect(durable.position).toBe(head);
      await live.stop();

      // A power cut: the checkpoint was stored, but the sink's last writes (after position 8) never reached its disk.
      durable.position = 8;
      faults = { fail: 1, hang: 0, acceptThenFail: 0 };
      const before = delivered.length;
      live = await start();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      // Every event after 8 came again, even though the first attempt failed (the retry starts there too).
      const again = delivered.slice(before);
      expect(again[0]).toBe(9);
      for (let position = 9; position <= head; position++) expect(again).toContain(position);
      expect(await storedCheckpoint()).toBe(head);
      expect(durable.position).toBe(head);
      expect(byId(await sink.all())).toEqual(byId(await expected()));

      // A sink ahead of its checkpoint (or without a position) changes nothing: the checkpoint rules.
      await live.stop();
      const after = delivered.length;
      live = await start();
      await append('s-9', 'Ticked', 99);
      expect(await live.waitFor(await store.headPosition(), 10000, ['documents'])).toBe(true);
      expect(delivered.slice(after)).toEqual([head + 1]);
    });

    it('feeds the sink again at once, with no new event, when it reports that writes it accepted were lost', async () => {
      durable = { position: 0 };
      for (let i = 0; i < 20; i++) await append(`s-${i % 4}`, 'Ticked', i);
      const errors: unknown[] = [];
      const live = await start({ onError: (error) => errors.push(error) });
      const head = await store.headPosition();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      expect(lostWrites).toHaveLength(1);

      // A commit the sink had left for later failed (a full disk): it holds up to 8 for certain.
      durable.position = 8;
      const before = delivered.length;
      lostWrites[0](new Error('database or disk is full'));
      lostWrites[0](new Error('database or disk is full'));
      await waitUntil(() => durable!.position >= head);
      expect(durable.position).toBe(head);
      const again = delivered.slice(before);
      expect(again[0]).toBe(9);
      // Once each, though it was told twice: one feed, not two.
      expect(again).toEqual([...new Set(again)]);
      for (let position = 9; position <= head; position++) expect(again).toContain(position);
      expect(await storedCheckpoint()).toBe(head);
      expect(byId(await sink.all())).toEqual(byId(await expected()));
      expect(errors.map(String)).toContain('Error: database or disk is full');

      // And it goes on feeding what comes next.
      await append('s-9', 'Ticked', 99);
      expect(await live.waitFor(await store.headPosition(), 10000, ['documents'])).toBe(true);
      expect(durable.position).toBe(head + 1);
    });

    it('keeps one feed per sink when the sink reports lost writes while the runner starts again', async () => {
      durable = { position: 0 };
      for (let i = 0; i < 12; i++) await append(`s-${i % 4}`, 'Ticked', i);
      const live = await start();
      const head = await store.headPosition();
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      // Deposed, then leader again: the start asks the sink where it stands, and hears of lost writes meanwhile.
      await live.stop();
      loseWhenAsked = 1;
      await live.start();
      const before = delivered.length;
      await append('s-9', 'Ticked', 99);
      expect(await live.waitFor(head + 1, 10000, ['documents'])).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Once: a second subscription would deliver it twice.
      expect(delivered.slice(before)).toEqual([head + 1]);
      expect(loseWhenAsked).toBe(0);
    });

    it('moves the stored checkpoint only once the sink accepted the events', async () => {
      await append('s-1', 'Ticked', 1);
      faults = { fail: 0, hang: 1_000_000, acceptThenFail: 0 };
      const live = await start();
      const head = await store.headPosition();
      expect(await live.waitFor(head, 300, ['documents'])).toBe(false);
      expect(await storedCheckpoint()).toBe(0);
      expect(await sink.all()).toEqual([]);

      faults.hang = 0;
      expect(await live.waitFor(head, 10000, ['documents'])).toBe(true);
      expect(await storedCheckpoint()).toBe(head);
      expect(await sink.all()).toEqual([{ id: 's-1', revision: 0, doc: { count: 1 } }]);
    });
  });
}
