import { randomBytes } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../../errors';
import type { EventStore } from '../../event-store.port';
import type { SnapshotStore } from '../../snapshot-store.port';
import { anEvent, testEventStoreContract } from '../../testing/event-store-contract';
import { testSnapshotStoreContract } from '../../testing/snapshot-store-contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// No KurrentDB server runs in development or CI here: test/test-servers.js leaves this file out of the run
// unless KURRENTDB_URL is set.
const url = process.env.KURRENTDB_URL;
const GRPC_CHANNEL_SHUTDOWN = 4; // grpc-js connectivityState.SHUTDOWN
// The server's MaxAppendSize: compose.yaml raises it to 8 MiB; a server started with its defaults has 1 MiB
// (run with KURRENTDB_MAX_APPEND_SIZE=1048576).
const maxAppendBytes = Number(process.env.KURRENTDB_MAX_APPEND_SIZE ?? 8 * 1024 * 1024);

// KurrentDB has one $all per server: each test works in streams of its own prefix, and its global log starts
// at the server's head when the test began (origin), so the adapter's own readAll, maxCount, subscription and
// head are what the contract sees, over this test's events only. Needs a server nobody else writes to during
// the run: another writer's events would show (and fail the test) rather than be filtered out.
function scoped(store: KurrentDbEventStore, prefix: string, origin: number): EventStore & SnapshotStore {
  const mine = <T extends { streamId: string }>(events: T[]) => {
    const foreign = events.find((event) => !event.streamId.startsWith(prefix));
    if (foreign) throw new Error(`Stream ${foreign.streamId} was written during the test: run the suite on a server nobody else writes to`);
    return events.map((event) => ({ ...event, streamId: event.streamId.slice(prefix.length) }));
  };
  return {
    appendToStream: (streamId, events, options) => store.appendToStream(prefix + streamId, events, options),
    readStream: async (streamId, options) => mine(await store.readStream(prefix + streamId, options)),
    readStreams: async (streamIds, options) => {
      const read = await store.readStreams(streamIds.map((id) => prefix + id), options);
      return new Map([...read].map(([id, events]) => [id.slice(prefix.length), mine(events)]));
    },
    readAll: async (options) => mine(await store.readAll({ ...options, after: Math.max(options?.after ?? 0, origin) })),
    subscribeToAll: (options, handler) => store.subscribeToAll({ ...options, after: Math.max(options.after ?? 0, origin) }, async (events) => handler(mine(events))),
    headPosition: async () => {
      const head = await store.headPosition();
      return head > origin ? head : 0;
    },
    close: () => store.close(),
    readSnapshot: async (streamId) => {
      const snapshot = await store.readSnapshot(prefix + streamId);
      return snapshot && { ...snapshot, streamId };
    },
    writeSnapshot: (snapshot) => store.writeSnapshot({ ...snapshot, streamId: prefix + snapshot.streamId }),
    deleteSnapshots: (streamId) => store.deleteSnapshots(prefix + streamId),
    readStreamEvent: async (streamId, eventId) => mine([await store.readStreamEvent(prefix + streamId, eventId)].filter((event) => event !== undefined))[0],
  };
}

async function scopedStore(): Promise<EventStore & SnapshotStore> {
  const store = await KurrentDbEventStore.connect({ connectionString: url! });
  return scoped(store, `t${randomBytes(4).toString('hex')}-`, await store.headPosition());
}

describe('KurrentDbEventStore (only with KURRENTDB_URL)', () => {
  testEventStoreContract(
    'kurrentdb',
    { create: scopedStore },
    { rejectsEventIdsOfOtherAppends: false, maxAppendBytes, recognisesKeywordRetriesDurably: false },
  );
  testSnapshotStoreContract('kurrentdb', { create: scopedStore });

  // What only this adapter can get wrong, against the real server.
  describe('KurrentDB specifics', () => {
    const withQuery = (query: string) => `${url}${url!.includes('?') ? '&' : '?'}${query}`;
    let store: KurrentDbEventStore;
    let prefix: string;
    beforeEach(async () => {
      store = await KurrentDbEventStore.connect({ connectionString: url! });
      prefix = `k${randomBytes(4).toString('hex')}-`;
    });
    afterEach(() => store.close());

    it('closes its gRPC channel when closed, and a failed start leaves the client closed', async () => {
      const own = await KurrentDbEventStore.connect({ connectionString: url! });
      // The client's gRPC channel (@grpc/grpc-js, a dependency of the client, not of this project).
      const channel = await (own as unknown as { client: { getChannel(): Promise<{ getConnectivityState(connect: boolean): number }> } }).client.getChannel();
      await own.close();
      expect(channel.getConnectivityState(false)).toBe(GRPC_CHANNEL_SHUTDOWN);
      await expect(KurrentDbEventStore.connect({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' })).rejects.toThrow(/^Cannot use KurrentDB at 127\.0\.0\.1:1/);
    });

    it('refuses a URL that makes a failed append resolve as a result', async () => {
      await expect(KurrentDbEventStore.connect({ connectionString: withQuery('throwOnAppendFailure=false') })).rejects.toThrow(/throwOnAppendFailure=false/);
    });

    it('reports the first and last position of a multi-event append as $all and the stream both show them', async () => {
      const result = await store.appendToStream(`${prefix}s`, [anEvent('A'), anEvent('B'), anEvent('C')], { expectedRevision: 'no_stream' });
      const inStream = await store.readStream(`${prefix}s`);
      const inAll = (await store.readAll({ after: result.firstPosition - 1, maxCount: 100 })).filter((event) => event.streamId === `${prefix}s`);
      expect([result.firstPosition, result.lastPosition]).toEqual([inStream[0].globalPosition, inStream[2].globalPosition]);
      expect(inAll.map((event) => event.globalPosition)).toEqual(inStream.map((event) => event.globalPosition));
    });

    it('takes -1 as no stream, like the other adapters: a new stream accepts it, an existing one refuses it', async () => {
      await expect(store.appendToStream(`${prefix}new`, [anEvent()], { expectedRevision: -1 })).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await expect(store.appendToStream(`${prefix}new`, [anEvent()], { expectedRevision: -1 })).rejects.toMatchObject({ expected: -1, actual: 0 });
      await expect(store.appendToStream(`${prefix}new`, [anEvent()], { expectedRevision: -2 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(`${prefix}new`)).toHaveLength(1);
    });

    it('reads $all past events of $ streams, which the server counts and the adapter drops, and answers nothing for maxCount 0', async () => {
      const systemLike = () => Array.from({ length: 40 }, () => anEvent('SystemLike'));
      const before = await store.appendToStream(`${prefix}a`, [anEvent('Before')], { expectedRevision: 'no_stream' });
      await store.appendToStream(`$${prefix}system`, systemLike(), { expectedRevision: 'no_stream' });
      const after = await store.appendToStream(`${prefix}a`, [anEvent('After')], { expectedRevision: 0 });
      await store.appendToStream(`$${prefix}system`, systemLike(), { expectedRevision: 39 });
      expect((await store.readAll({ after: before.lastPosition, maxCount: 1 })).map((event) => event.type)).toEqual(['After']);
      expect(await store.readAll({ after: after.lastPosition })).toEqual([]);
      expect(await store.readAll({ after: 0, maxCount: 0 })).toEqual([]);
      expect(await store.headPosition()).toBe(after.lastPosition);
    });

    it('reads a tombstoned stream as empty and refuses to append to it with a typed error', async () => {
      const client = KurrentDBClient.connectionString(url!);
      await store.appendToStream(`${prefix}gone`, [anEvent()], { expectedRevision: 'no_stream' });
      await client.tombstoneStream(`${prefix}gone`);
      await client.dispose();
      expect(await store.readStream(`${prefix}gone`)).toEqual([]);
      const append = store.appendToStream(`${prefix}gone`, [anEvent()], { expectedRevision: 'any' });
      await expect(append).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(append).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND', message: expect.stringMatching(/deleted permanently/) });
    });

    it('answers a retried append with the positions the server stored, never 0', async () => {
      const batch = [anEvent('A'), anEvent('B'), anEvent('C')];
      const first = await store.appendToStream(`${prefix}s`, batch, { expectedRevision: 'any' });
      const retry = await store.appendToStream(`${prefix}s`, batch, { expectedRevision: 'any' });
      const stored = await store.readStream(`${prefix}s`);
      expect(retry).toEqual(first);
      expect([retry.firstPosition, retry.lastPosition]).toEqual([stored[0].globalPosition, stored[2].globalPosition]);
      expect(retry.firstPosition).toBeGreaterThan(0);
    });
  });
});
