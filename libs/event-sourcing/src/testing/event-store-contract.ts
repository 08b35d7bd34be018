import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '../event';
import { DuplicateEventIdError, EventPayloadRefusedError, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../event-store.port';

export interface EventStoreFactory {
  /** A store over an empty log. */
  create(): Promise<EventStore>;
  /** Removes what create made (files, schemas); the store is already closed. */
  destroy?(): Promise<void>;
}

export function anEvent(type = 'SomethingHappened', data: unknown = { value: 1 }, id = randomUUID()): EventToAppend {
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    metadata: { actorId: 'user-1', correlationId: 'corr-1', causationId: null, occurredAt: '2026-11-28T10:00:00.000Z' },
  };
}

const events = (count: number, prefix = 'E') => Array.from({ length: count }, (_, i) => anEvent(`${prefix}${i}`, { i }));

export interface EventStoreCapabilities {
  /**
   * Refuses event ids stored before by another append (DuplicateEventIdError). KurrentDB checks ids only
   * within a stream and an expected revision, so it cannot: a retried command is still recognised there.
   */
  rejectsEventIdsOfOtherAppends?: boolean;
  /**
   * The most bytes of event data and metadata one append may carry, when the store has such a limit
   * (KurrentDB's MaxAppendSize, 1 MiB by default). Within it payloads round-trip; beyond it an append is
   * refused with EventPayloadRefusedError and stores nothing.
   */
  maxAppendBytes?: number;
  /**
   * Recognises a retried append expecting 'any' or 'stream_exists' from the log itself, so also after a
   * restart. KurrentDB recognises those only from an in-memory cache: after a server restart such a retry is
   * stored a second time. Retries at a specific revision (or 'no_stream') it checks against the stream, and
   * the command handler always appends at one, so the difference does not reach commands.
   */
  recognisesKeywordRetriesDurably?: boolean;
}

/** The behaviour every event-store adapter must have. An adapter's spec is one call to this. */
export function testEventStoreContract(adapterName: string, factory: EventStoreFactory, capabilities: EventStoreCapabilities = {}): void {
  const { rejectsEventIdsOfOtherAppends = true, maxAppendBytes, recognisesKeywordRetriesDurably = true } = capabilities;
  // Room under the limit for the JSON around the body and the metadata.
  const largePayloadBytes = Math.min(1024 * 1024, (maxAppendBytes ?? Infinity) - 64 * 1024);
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.destroy?.();
    });

    describe('appending and reading a stream', () => {
      it('gives a new stream revisions from 0 and returns them in order with all stored fields', async () => {
        const result = await store.appendToStream('order-1', events(3), { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(2);
        expect(result.lastPosition).toBeGreaterThan(result.firstPosition);

        const read = await store.readStream('order-1');
        expect(read.map((e) => [e.type, e.streamRevision])).toEqual([['E0', 0], ['E1', 1], ['E2', 2]]);
        const [first] = read;
        expect(first).toMatchObject({ streamId: 'order-1', schemaVersion: 1, data: { i: 0 } });
        expect(first.metadata).toEqual({ actorId: 'user-1', correlationId: 'corr-1', causationId: null, occurredAt: '2026-11-28T10:00:00.000Z' });
        expect(new Date(first.recordedAt).toISOString()).toBe(first.recordedAt);
        expect(first.globalPosition).toBe(result.firstPosition);
      });

      it('returns an empty list for a stream that does not exist', async () => {
        expect(await store.readStream('nothing-here')).toEqual([]);
      });

      it('reads a stream from the middle and with a maximum count', async () => {
        await store.appendToStream('s-1', events(10), { expectedRevision: 'no_stream' });
        const middle = await store.readStream('s-1', { fromRevision: 4, maxCount: 3 });
        expect(middle.map((e) => e.streamRevision)).toEqual([4, 5, 6]);
      });

      it('reads several streams at once, each as readStream would, with every id in the answer', async () => {
        await store.appendToStream('s-1', events(10), { expectedRevision: 'no_stream' });
        await store.appendToStream('s-2', events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream('s-3', events(5), { expectedRevision: 'no_stream' });
        const read = await store.readStreams(['s-3', 's-1', 'missing', 's-2', 's-1'], { fromRevision: 1, maxCount: 3 });
        expect([...read.keys()].sort()).toEqual(['missing', 's-1', 's-2', 's-3']);
        for (const id of ['s-1', 's-2', 's-3', 'missing']) expect(read.get(id)).toEqual(await store.readStream(id, { fromRevision: 1, maxCount: 3 }));
        expect(read.get('s-1')!.map((e) => e.streamRevision)).toEqual([1, 2, 3]);
        expect((await store.readStreams(['s-2'])).get('s-2')).toHaveLength(2);
        expect((await store.readStreams([])).size).toBe(0);
      });

      it('accepts the exact revision and each keyword expectation', async () => {
        await store.appendToStream('s-1', events(2), { expectedRevision: 'no_stream' });
        await expect(store.appendToStream('s-1', events(1), { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });
        await expect(store.appendToStream('s-1', events(1), { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ nextExpectedRevision: 3 });
        await expect(store.appendToStream('s-1', events(1), { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 4 });
        await expect(store.appendToStream('s-2', events(1), { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
      });
    });

    describe('optimistic concurrency', () => {
      it('rejects a stale expected revision with a typed error and stores nothing', async () => {
        await store.appendToStream('s-1', events(2), { expectedRevision: 'no_stream' });
        const stale = store.appendToStream('s-1', events(1), { expectedRevision: 0 });
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(stale).rejects.toMatchObject({ expected: 0, actual: 1, streamId: 's-1' });
        expect(await store.readStream('s-1')).toHaveLength(2);
      });

      it('rejects no_stream on an existing stream and stream_exists on a missing one', async () => {
        await store.appendToStream('s-1', events(1), { expectedRevision: 'no_stream' });
        await expect(store.appendToStream('s-1', events(1), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.appendToStream('s-2', events(1), { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.appendToStream('s-3', events(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('lets exactly one of several concurrent writers with the same expected revision win', async () => {
        await store.appendToStream('s-1', events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.appendToStream('s-1', events(1), { expectedRevision: 0 })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(losers).toHaveLength(7);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream('s-1')).toHaveLength(2);
      });

      it('fails a conflicting append alone when other appends commit at the same time', async () => {
        await store.appendToStream('s-1', events(1), { expectedRevision: 'no_stream' });
        const [good1, bad, good2] = await Promise.allSettled([
          store.appendToStream('s-2', events(1), { expectedRevision: 'no_stream' }),
          store.appendToStream('s-1', events(1), { expectedRevision: 5 }),
          store.appendToStream('s-3', events(2), { expectedRevision: 'no_stream' }),
        ]);
        expect([good1.status, bad.status, good2.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await visibleLog(store, 4)).map((e) => e.streamId)).toEqual(['s-1', 's-2', 's-3', 's-3']);
      });
    });

    describe('retries', () => {
      it('stores a retried append (same event ids) once and returns the first outcome', async () => {
        const batch = events(2);
        const first = await store.appendToStream('s-1', batch, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream('s-1', batch, { expectedRevision: 'no_stream' });
        expect(retry).toEqual(first);
        expect(await store.readStream('s-1')).toHaveLength(2);
      });

      it('stores a retried append at a specific revision once (as the command handler appends) and returns the first outcome', async () => {
        await store.appendToStream('s-1', events(2), { expectedRevision: 'no_stream' });
        const batch = events(3, 'Next');
        const first = await store.appendToStream('s-1', batch, { expectedRevision: 1 });
        const retry = await store.appendToStream('s-1', batch, { expectedRevision: 1 });
        expect(retry).toEqual(first);
        expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['E0', 'E1', 'Next0', 'Next1', 'Next2']);
      });

      // Without the capability this holds only while the server remembers the append (see the capability).
      it(`returns the first outcome to a retried append expecting any revision${recognisesKeywordRetriesDurably ? '' : ' (while the server remembers it)'}, and the appends beside it still commit`, async () => {
        const batch = events(2);
        const first = await store.appendToStream('s-1', batch, { expectedRevision: 'any' });
        const [retry, beside] = await Promise.all([
          store.appendToStream('s-1', batch, { expectedRevision: 'any' }),
          store.appendToStream('s-2', events(1), { expectedRevision: 'no_stream' }),
        ]);
        expect(retry).toEqual(first);
        expect(beside.nextExpectedRevision).toBe(0);
        expect(await store.readStream('s-1')).toHaveLength(2);
      });

      // An adapter without the capability does not have this behaviour at all, so the case is not declared for it.
      if (rejectsEventIdsOfOtherAppends) it('refuses event ids already stored by a different append', async () => {
        const batch = events(1);
        await store.appendToStream('s-1', batch, { expectedRevision: 'no_stream' });
        await expect(store.appendToStream('s-2', batch, { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream('s-2')).toEqual([]);
      });
    });

    describe('the global log', () => {
      it('orders events of all streams by a strictly increasing position, and reads from the middle in batches', async () => {
        await store.appendToStream('a', events(2, 'A'), { expectedRevision: 'no_stream' });
        await store.appendToStream('b', events(1, 'B'), { expectedRevision: 'no_stream' });
        await store.appendToStream('a', events(1, 'C'), { expectedRevision: 1 });
        const all = await visibleLog(store, 4);
        expect(all.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'C0']);
        expect(isStrictlyIncreasing(all.map((e) => e.globalPosition))).toBe(true);
        expect(await store.headPosition()).toBe(all[3].globalPosition);

        const rest = await store.readAll({ after: all[1].globalPosition, maxCount: 1 });
        expect(rest.map((e) => e.type)).toEqual(['B0']);
        expect(await store.readAll({ after: all[3].globalPosition })).toEqual([]);
      });

      it('keeps many streams apart under concurrent interleaved appends', async () => {
        const streams = Array.from({ length: 100 }, (_, i) => `stream-${i}`);
        for (let round = 0; round < 5; round++) {
          await Promise.all(streams.map((id) => store.appendToStream(id, [anEvent('Tick', { round })], { expectedRevision: round === 0 ? 'no_stream' : round - 1 })));
        }
        for (const id of [streams[0], streams[57], streams[99]]) {
          const read = await store.readStream(id);
          expect(read.map((e) => [e.streamRevision, (e.data as { round: number }).round])).toEqual([0, 1, 2, 3, 4].map((r) => [r, r]));
        }
        expect(await visibleLog(store, 500)).toHaveLength(500);
      });
    });

    describe('payloads', () => {
      it(`round-trips a ${largePayloadBytes === 1024 * 1024 ? '1 MB' : `${largePayloadBytes}-byte`} payload`, async () => {
        const body = 'x'.repeat(largePayloadBytes);
        await store.appendToStream('big', [anEvent('Big', { body })], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream('big');
        expect((read.data as { body: string }).body).toHaveLength(body.length);
      });

      if (maxAppendBytes !== undefined) {
        it('refuses an append over the size limit, of one event or several, with a typed error, and stores nothing', async () => {
          const body = 'x'.repeat(maxAppendBytes + 1);
          await expect(store.appendToStream('big', [anEvent('Big', { body })], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventPayloadRefusedError);
          const quarter = 'x'.repeat(Math.ceil(maxAppendBytes / 4));
          const several = Array.from({ length: 5 }, () => anEvent('Quarter', { body: quarter }));
          await expect(store.appendToStream('big', several, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventPayloadRefusedError);
          expect(await store.readStream('big')).toEqual([]);
          await expect(store.appendToStream('big', [anEvent('Small')], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
        });
      }

      it('round-trips Unicode text, including Cyrillic, in data and stream ids', async () => {
        const data = { title: 'Умный город Алматы', note: 'Zürich – Ελληνικά – 中文 – 🚲', nested: { list: ['ё', 'Ї'] } };
        await store.appendToStream('город-1', [anEvent('Переименовано', data)], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream('город-1');
        expect(read.type).toBe('Переименовано');
        expect(read.data).toEqual(data);
      });
    });

    describe('refused payloads', () => {
      it('a payload the database refuses fails alone', async () => {
        const [good1, bad, good2] = await Promise.allSettled([
          store.appendToStream('s-1', events(1), { expectedRevision: 'no_stream' }),
          store.appendToStream('s-2', [anEvent('Bad', { note: 'before\u0000after' })], { expectedRevision: 'no_stream' }),
          store.appendToStream('s-3', events(2), { expectedRevision: 'no_stream' }),
        ]);
        expect([good1.status, bad.status, good2.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(EventPayloadRefusedError);
        expect((await visibleLog(store, 3)).map((e) => e.streamId)).toEqual(['s-1', 's-3', 's-3']);
        expect(await store.readStream('s-2')).toEqual([]);
      });

      it('refuses a NUL character or an unpaired surrogate anywhere in data or metadata, with a typed error', async () => {
        const metadata = anEvent().metadata;
        const refused: EventToAppend[] = [
          anEvent('NulInKey', { nested: { 'a\u0000': 1 } }),
          anEvent('NulInList', { list: ['ok', '\u0000'] }),
          { ...anEvent('NulInMetadata'), metadata: { ...metadata, correlationId: 'corr\u0000' } },
          anEvent('LoneSurrogate', { title: 'broken \ud83d emoji' }),
          anEvent('NotJson', { amount: BigInt(1) }),
          anEvent('Nul\u0000InType'),
        ];
        for (const event of refused) {
          await expect(store.appendToStream('s-1', [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventPayloadRefusedError);
        }
        expect(await store.readStream('s-1')).toEqual([]);
      });

      it('keeps what only looks like a refused character: escaped backslashes, paired surrogates, other control characters', async () => {
        const data = { text: '\\u0000 and \\ud83d', emoji: '😀', controls: '\u0001\t\n\u001f', [`key \\u0000`]: '\\' };
        await store.appendToStream('s-1', [anEvent('LooksRefused', data)], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream('s-1');
        expect(read.data).toEqual(data);
      });
    });

    describe('subscription to all events', () => {
      it('catches up from a checkpoint and then delivers new events live, in order, exactly once', async () => {
        await store.appendToStream('a', events(5, 'Old'), { expectedRevision: 'no_stream' });
        const checkpoint = (await visibleLog(store, 5))[1].globalPosition;
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ after: checkpoint, batchSize: 2 }, async (batch) => {
          received.push(...batch);
        });
        await waitUntil(() => received.length === 3);
        await store.appendToStream('b', events(4, 'New'), { expectedRevision: 'no_stream' });
        await store.appendToStream('a', events(1, 'Later'), { expectedRevision: 4 });
        await waitUntil(() => received.length === 8);
        await subscription.stop();
        expect(received.map((e) => e.type)).toEqual(['Old2', 'Old3', 'Old4', 'New0', 'New1', 'New2', 'New3', 'Later0']);
        expect(isStrictlyIncreasing(received.map((e) => e.globalPosition))).toBe(true);
      });

      it('reports a failing handler through finished', async () => {
        await store.appendToStream('a', events(1), { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({}, async () => {
          throw new Error('projection bug');
        });
        await expect(subscription.finished).rejects.toThrow('projection bug');
      });
    });
  });
}

/** The whole log once it shows at least `count` events (see readAll: an append may take a moment to show). */
async function visibleLog(store: EventStore, count: number): Promise<RecordedEvent[]> {
  let log: RecordedEvent[] = [];
  await waitUntil(async () => (log = await readEverything(store)).length >= count);
  return log;
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: all.length ? all[all.length - 1].globalPosition : 0, maxCount: 128 });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const isStrictlyIncreasing = (values: number[]) => values.every((value, i) => i === 0 || value > values[i - 1]);

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
