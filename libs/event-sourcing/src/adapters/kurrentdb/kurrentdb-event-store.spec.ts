import { WrongExpectedRevisionError } from '../../errors';
import { PassThrough } from 'node:stream';
import { AccessDeniedError, ANY, NO_STREAM, STREAM_EXISTS, UnavailableError, type AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../../event';
import { NO_STREAM_REVISION } from '../../event-store.port';
import { waitUntil } from '../../testing/event-store-contract';
import { EventStoreUnavailableError } from './kurrentdb-errors';
import {
  checkConnectionString,
  checkedAppendResult,
  collectDomainEvents,
  drainSubscription,
  firstPositionOf,
  KurrentDbEventStore,
  startUpError,
  toStreamState,
  type AllEventsReadable,
  type AllPageReader,
} from './kurrentdb-event-store';

// The client's subscription is a Node object-mode readable (a Transform the gRPC stream is piped into) with
// unsubscribe(): the same kind of stream, ended or failed as gRPC would, with unsubscribe cancelling it.
function aSubscriptionStream(): PassThrough & AllEventsReadable {
  const stream = new PassThrough({ objectMode: true });
  return Object.assign(stream, { unsubscribe: async () => void stream.destroy() });
}

function aResolvedEvent(position: number, streamId = 'order-1', type = 'Placed'): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      revision: BigInt(position),
      type,
      data: { position },
      metadata: { actorId: 'user-1', schemaVersion: 2 },
      isJson: true,
      created: new Date('2026-11-28T10:00:00.000Z'),
      position: { commit: BigInt(position), prepare: BigInt(position) },
    },
    commitPosition: BigInt(position),
  } as AllStreamResolvedEvent;
}

// The adapter's own logic, without a server (none runs here): what it makes of URLs and of the client's answers.
describe('KurrentDbEventStore without a server', () => {
  describe('connection string', () => {
    it('refuses throwOnAppendFailure=false, in any spelling the client accepts', () => {
      for (const url of ['kurrentdb://localhost:2113?tls=false&throwOnAppendFailure=false', 'kurrentdb://localhost:2113?ThrowOnAppendFailure=false']) {
        expect(() => checkConnectionString(url)).toThrow(/throwOnAppendFailure=false/);
      }
    });

    it('accepts the default and an explicit throwOnAppendFailure=true', () => {
      expect(checkConnectionString('kurrentdb://localhost:2113?tls=false').hosts).toEqual([{ address: 'localhost', port: 2113 }]);
      expect(checkConnectionString('kurrentdb://localhost:2113?tls=false&throwOnAppendFailure=true').throwOnAppendFailure).toBe(true);
    });
  });

  describe('append answer', () => {
    it('reads an unsuccessful append (a client that does not throw) as a conflict at the revision the server reported', () => {
      const refused = () => checkedAppendResult('s-1', 3, { success: false, nextExpectedRevision: 5n, position: undefined });
      expect(refused).toThrow(WrongExpectedRevisionError);
      expect(refused).toThrow(expect.objectContaining({ streamId: 's-1', expected: 3, actual: 5 }));
      expect(() => checkedAppendResult('s-2', 'no_stream', { success: false, nextExpectedRevision: -1n, position: undefined })).toThrow(
        expect.objectContaining({ expected: 'no_stream', actual: -1 }),
      );
    });

    it('keeps a missing position missing instead of 0, and takes the commit position otherwise', () => {
      expect(checkedAppendResult('s-1', 'any', { success: true, nextExpectedRevision: 1n, position: undefined })).toEqual({ nextExpectedRevision: 1, lastPosition: undefined });
      expect(checkedAppendResult('s-1', 'any', { success: true, nextExpectedRevision: 2n, position: { commit: 4096n, prepare: 4096n } })).toEqual({
        nextExpectedRevision: 2,
        lastPosition: 4096,
      });
    });
  });

  describe('first position of an append, read after its commit', () => {
    it('is the last position for one event, without a read', async () => {
      let reads = 0;
      expect(await firstPositionOf(1, 900, async () => (reads++, 100))).toBe(900);
      expect(reads).toBe(0);
    });

    it('is the position read back for several events', async () => {
      expect(await firstPositionOf(3, 900, async () => 700)).toBe(700);
    });

    it('never fails the committed append: a failed or empty read falls back to the last position', async () => {
      await expect(firstPositionOf(3, 900, async () => Promise.reject(new Error('connection reset')))).resolves.toBe(900);
      await expect(firstPositionOf(3, 900, async () => undefined)).resolves.toBe(900);
    });
  });

  describe('expected revision', () => {
    it('sends -1 as no stream, like the keyword, and the keywords as the client names them', () => {
      expect(toStreamState(NO_STREAM_REVISION)).toBe(NO_STREAM);
      expect(toStreamState('no_stream')).toBe(NO_STREAM);
      expect(toStreamState('any')).toBe(ANY);
      expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    });

    it('sends a revision as the unsigned number the server expects, and has nothing to send for one no stream can be at', () => {
      expect(toStreamState(0)).toBe(0n);
      expect(toStreamState(41)).toBe(41n);
      for (const impossible of [-2, 1.5, Number.MAX_SAFE_INTEGER + 2]) expect(toStreamState(impossible)).toBeUndefined();
    });
  });

  describe('subscription to $all', () => {
    it('delivers events after the checkpoint in batches, without system or snapshot streams', async () => {
      const stream = aSubscriptionStream();
      const batches: RecordedEvent[][] = [];
      const subscription = drainSubscription(stream, { after: 10, batchSize: 2 }, async (batch) => void batches.push(batch));
      for (const resolved of [aResolvedEvent(10), aResolvedEvent(20), aResolvedEvent(25, '$$order-1', '$metadata'), aResolvedEvent(27, 'sce-snapshot-order-1'), aResolvedEvent(30), aResolvedEvent(40)]) {
        stream.write(resolved);
      }
      await waitUntil(() => batches.flat().length === 3);
      await subscription.stop();
      expect(batches.flat().map((event) => event.globalPosition)).toEqual([20, 30, 40]);
      expect(batches.every((batch) => batch.length <= 2)).toBe(true);
      expect(batches[0][0]).toMatchObject({ streamId: 'order-1', schemaVersion: 2, metadata: { actorId: 'user-1' }, recordedAt: '2026-11-28T10:00:00.000Z' });
      await expect(subscription.finished).resolves.toBeUndefined();
    });

    it('rejects finished when the stream ends without an error, so the runner resubscribes from its checkpoint', async () => {
      const stream = aSubscriptionStream();
      const delivered: number[] = [];
      const subscription = drainSubscription(stream, { after: 0, batchSize: 10 }, async (batch) => void delivered.push(...batch.map((e) => e.globalPosition)));
      stream.write(aResolvedEvent(1));
      await waitUntil(() => delivered.length === 1);
      stream.end();
      await expect(subscription.finished).rejects.toThrow(/ended the subscription to \$all without an error/);
    });

    it('rejects finished with the stream error', async () => {
      const stream = aSubscriptionStream();
      const subscription = drainSubscription(stream, { after: 0, batchSize: 10 }, async () => undefined);
      stream.destroy(new Error('14 UNAVAILABLE: Connection dropped'));
      await expect(subscription.finished).rejects.toThrow('Connection dropped');
    });

    it('settles finished without an error when stopped, though stopping closes the stream', async () => {
      const stream = aSubscriptionStream();
      const subscription = drainSubscription(stream, { after: 0, batchSize: 10 }, async () => undefined);
      await subscription.stop();
      await waitUntil(() => stream.destroyed);
      await expect(subscription.finished).resolves.toBeUndefined();
    });
  });

  describe('reading $all in pages', () => {
    // A log as the server holds it after its type filter: events of $ streams with a domain-like type are
    // still there (and counted by maxCount). Reads from a position include the event at it, as the server's do.
    const systemRun = Array.from({ length: 40 }, (_, i) => aResolvedEvent(200 + i, '$stats-node', 'StatsCollected'));
    const log = [aResolvedEvent(100), ...systemRun, aResolvedEvent(300), aResolvedEvent(310), ...systemRun.map((e, i) => aResolvedEvent(400 + i, '$stats-node', 'StatsCollected'))];
    const pagesRead: number[] = [];
    const server: AllPageReader = async function* (from, maxCount) {
      pagesRead.push(maxCount);
      yield* log.filter((e) => Number(e.commitPosition) >= (from ?? 0)).slice(0, maxCount);
    };
    const backwardsServer: AllPageReader = async function* (from, maxCount) {
      yield* [...log].reverse().filter((e) => from === undefined || Number(e.commitPosition) <= from).slice(0, maxCount);
    };
    const positions = (events: RecordedEvent[]) => events.map((event) => event.globalPosition);

    it('reads past a page of events it drops instead of answering empty before the end of the log', async () => {
      expect(positions(await collectDomainEvents(server, 'forwards', 100, 1))).toEqual([300]);
      expect(positions(await collectDomainEvents(server, 'forwards', 0, 1000))).toEqual([100, 300, 310]);
      expect(positions(await collectDomainEvents(server, 'forwards', 300, 5))).toEqual([310]);
      expect(pagesRead.length).toBeGreaterThan(3);
    });

    it('answers empty only at the true end of the log', async () => {
      expect(await collectDomainEvents(server, 'forwards', 310, 10)).toEqual([]);
      expect(await collectDomainEvents(server, 'forwards', 439, 10)).toEqual([]);
    });

    it('answers nothing for maxCount 0', async () => {
      pagesRead.length = 0;
      expect(await collectDomainEvents(server, 'forwards', 0, 0)).toEqual([]);
      expect(pagesRead).toEqual([]);
    });

    it('finds the head backwards past trailing events it drops', async () => {
      expect(positions(await collectDomainEvents(backwardsServer, 'backwards', undefined, 1))).toEqual([310]);
    });
  });

  describe('start-up', () => {
    const secured = checkConnectionString('kurrentdb://reader:s3cret@node-a:2113,node-b:2113?tls=true');

    it('asks for credentials in the URL when the server refuses to let the client read $all, without echoing them', () => {
      const error = startUpError(new EventStoreUnavailableError('read of $all', new AccessDeniedError(undefined, 'Access denied')), secured);
      expect(error.message).toMatch(/node-a:2113, node-b:2113 refused to let this client read \$all.*credentials.*KURRENTDB_URL/);
      expect(error.message).not.toContain('s3cret');
      expect(startUpError(new AccessDeniedError(), secured).message).toMatch(/access denied/);
    });

    it('names the hosts and the cause otherwise', () => {
      const error = startUpError(new EventStoreUnavailableError('read of $all', new UnavailableError(undefined, 'failed to connect')), secured);
      expect(error.message).toBe('Cannot use KurrentDB at node-a:2113, node-b:2113: failed to connect');
    });

    it('refuses to start when nothing answers, naming the host', async () => {
      await expect(KurrentDbEventStore.connect({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' })).rejects.toThrow(/^Cannot use KurrentDB at 127\.0\.0\.1:1: .*UNAVAILABLE/);
    });
  });
});
