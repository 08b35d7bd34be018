import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import { CommandHandler } from './command-handler';
import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from './errors';
import { idFor } from './ids';
import type { Command, Decider, Event } from './event';

// A counter aggregate: small enough to show the handler's behaviour and nothing else.
type Incremented = Event<'Incremented', { by: number }>;
type Increment = Command<'Increment', { by: number }>;
const counter: Decider<number, Increment, Incremented> = {
  initialState: () => 0,
  decide: (command) => [{ type: 'Incremented', data: { by: command.data.by } }],
  evolve: (total, event) => total + event.data.by,
  schemaVersions: { Incremented: 1 },
};
const increment = (by: number, extra: Partial<Increment['metadata']> = {}): Increment => ({
  type: 'Increment',
  data: { by },
  metadata: { now: new Date('2026-11-28T10:00:00Z'), actorId: 'user-1', correlationId: 'c-1', ...extra },
});

describe('CommandHandler', () => {
  let dir: string;
  let store: SqliteEventStore;
  let handler: CommandHandler;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-handler-'));
    store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite') });
    handler = new CommandHandler(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds the stream, decides and appends with metadata from the command', async () => {
    await handler.handle(counter, 'counter-1', increment(2));
    const result = await handler.handle(counter, 'counter-1', increment(3, { causationId: 'cause-9' }));
    expect(result).toMatchObject({ state: 5, revision: 1, appendedEvents: 1, replayed: false });
    const [, second] = await store.readStream('counter-1');
    expect(second).toMatchObject({ schemaVersion: 1, globalPosition: result.lastPosition });
    expect(second.metadata).toEqual({ actorId: 'user-1', correlationId: 'c-1', causationId: 'cause-9', occurredAt: '2026-11-28T10:00:00.000Z' });
  });

  it('rejects a stale expected revision given by the client', async () => {
    await handler.handle(counter, 'counter-1', increment(1));
    await handler.handle(counter, 'counter-1', increment(1));
    await expect(handler.handle(counter, 'counter-1', increment(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('loses no update when concurrent writers give no expected revision', async () => {
    await Promise.all(Array.from({ length: 10 }, () => handler.handle(counter, 'counter-1', increment(1))));
    const result = await handler.handle(counter, 'counter-1', increment(0));
    expect(result.state).toBe(10);
  });

  it('answers a resent command with the same idempotency key with the first outcome and no second change', async () => {
    const first = await handler.handle(counter, 'counter-1', increment(5, { idempotencyKey: 'key-1' }));
    await handler.handle(counter, 'counter-1', increment(1));
    const resent = await handler.handle(counter, 'counter-1', increment(5, { idempotencyKey: 'key-1' }), { expectedRevision: 0 });
    expect(resent).toMatchObject({ replayed: true, revision: first.revision, lastPosition: first.lastPosition, appendedEvents: 0 });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ by: 5 }, { by: 1 }]);
    // The same key from another actor is another command.
    const other = await handler.handle(counter, 'counter-1', increment(5, { idempotencyKey: 'key-1', actorId: 'user-2' }));
    expect(other.replayed).toBe(false);
  });

  it('keeps a hash of the command with the idempotency key, and refuses the key resent with another payload', async () => {
    const first = await handler.handle(counter, 'counter-1', increment(5, { idempotencyKey: 'key-1' }));
    const [stored] = await store.readStream('counter-1');
    expect(stored.metadata).toMatchObject({ idempotencyKey: 'key-1', idempotencyPayloadHash: expect.any(String) });

    const reused = handler.handle(counter, 'counter-1', increment(7, { idempotencyKey: 'key-1' }));
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { idempotencyKey: 'key-1' } });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ by: 5 }]);
    // The same payload is still the first outcome.
    expect(await handler.handle(counter, 'counter-1', increment(5, { idempotencyKey: 'key-1' }))).toMatchObject({ replayed: true, position: first.position });
  });

  it('takes an event stored before payload hashes were kept as the first outcome, whatever the payload', async () => {
    const metadata = { actorId: 'user-1', idempotencyKey: 'old-key' };
    await store.appendToStream('counter-1', [
      { id: idFor(metadata, 'counter-1|event|0'), type: 'Incremented', schemaVersion: 1, data: { by: 5 }, metadata: { actorId: 'user-1', correlationId: 'c-0', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', idempotencyKey: 'old-key' } },
    ], { expectedRevision: 'no_stream' });
    expect(await handler.handle(counter, 'counter-1', increment(6, { idempotencyKey: 'old-key' }))).toMatchObject({ replayed: true, appendedEvents: 0 });
  });

  it('scopes an anonymous caller\'s key to the scope it gives (the request), not to "anonymous" alone', async () => {
    const anonymous = (by: number, scope: string) => increment(by, { actorId: null, idempotencyKey: 'retry-1', idempotencyScope: scope });
    const one = idFor(anonymous(1, 'request-a').metadata, 'account');
    const other = idFor(anonymous(1, 'request-b').metadata, 'account');
    expect(one).not.toBe(other);
    expect(idFor(anonymous(1, 'request-a').metadata, 'account')).toBe(one);
    // An actor's key is the actor's, whatever the scope says.
    expect(idFor({ actorId: 'user-1', idempotencyKey: 'k', idempotencyScope: 'x' }, 'p')).toBe(idFor({ actorId: 'user-1', idempotencyKey: 'k' }, 'p'));
  });

  it('reports the position the outcome is at: stored, found again, or the stream\'s last event when nothing was decided', async () => {
    const stored = await handler.handle(counter, 'counter-1', increment(2));
    expect(stored.position).toBe(stored.lastPosition);
    const nothing = await handler.handle(counter, 'counter-1', increment(0));
    expect(nothing.position).toBeGreaterThan(0);
  });
});
