import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from './adapters/postgres/postgres-event-store';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import { CommandHandler, fold, type SnapshotLogger } from './command-handler';
import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from './errors';
import type { Command, Decider, Event, RecordedEvent } from './event';
import type { EventStore } from './event-store.port';
import type { SnapshotStore } from './snapshot-store.port';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from './testing/postgres-test-database';

// A ledger: each command notes one or more amounts. Its state keeps a Set (not JSON, so the policy encodes
// it) and the revision of the last event (read from the recorded event, as case studies do).
type Noted = Event<'Noted', { amount: number; tag: string }>;
type Forgotten = Event<'Forgotten', Record<string, never>>;
type LedgerEvent = Noted | Forgotten;
type Note = Command<'Note', { amounts: number[]; tag: string }>;
type Forget = Command<'Forget', Record<string, never>>;
type LedgerCommand = Note | Forget;
interface Ledger {
  total: number;
  tags: ReadonlySet<string>;
  lastRevision: number;
}

const evolveLedger = (state: Ledger, event: LedgerEvent): Ledger => {
  const revision = (event as unknown as RecordedEvent).streamRevision ?? state.lastRevision + 1;
  if (event.type === 'Forgotten') return { total: state.total, tags: new Set(), lastRevision: revision };
  return { total: state.total + event.data.amount, tags: new Set([...state.tags, event.data.tag]), lastRevision: revision };
};

const ledger = (overrides: Partial<Decider<Ledger, LedgerCommand, LedgerEvent>> = {}): Decider<Ledger, LedgerCommand, LedgerEvent> => ({
  initialState: () => ({ total: 0, tags: new Set(), lastRevision: -1 }),
  decide: (command) => (command.type === 'Forget' ? [{ type: 'Forgotten', data: {} }] : command.data.amounts.map((amount): LedgerEvent => ({ type: 'Noted', data: { amount, tag: command.data.tag } }))),
  evolve: evolveLedger,
  schemaVersions: { Noted: 1, Forgotten: 1 },
  snapshot: {
    schemaVersion: 1,
    every: 10,
    toSnapshot: (state) => ({ ...state, tags: [...state.tags] }),
    fromSnapshot: (value) => {
      const stored = value as { total: number; tags: string[]; lastRevision: number };
      if (typeof stored.total !== 'number' || !Array.isArray(stored.tags)) throw new Error('not a ledger snapshot');
      return { ...stored, tags: new Set(stored.tags) };
    },
    erasedBy: ['Forgotten'],
  },
  ...overrides,
});

let commandNumber = 0;
const note = (amounts: number | number[], extra: Partial<Command['metadata']> = {}, tag = `t${commandNumber % 7}`): Note => ({
  type: 'Note',
  data: { amounts: Array.isArray(amounts) ? amounts : [amounts], tag },
  metadata: { now: new Date('2026-11-30T10:00:00Z'), actorId: 'user-1', correlationId: `c-${++commandNumber}`, ...extra },
});
const forget = (): Forget => ({ type: 'Forget', data: {}, metadata: { now: new Date('2026-11-30T10:00:00Z'), actorId: 'admin', correlationId: 'forget' } });

// Counts what the handler reads: a real store, observed.
function counting(store: EventStore & SnapshotStore): { store: EventStore & SnapshotStore; eventsRead: () => number } {
  let read = 0;
  const readStream: EventStore['readStream'] = async (streamId, options) => {
    const events = await store.readStream(streamId, options);
    read += events.length;
    return events;
  };
  // Every other call goes to the store itself, with its own state.
  const observed = new Proxy(store, {
    get: (target, property) => {
      if (property === 'readStream') return readStream;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: observed, eventsRead: () => read };
}

function recordingLogger(): SnapshotLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => void messages.push(message) };
}

const replayed = async (store: EventStore, streamId: string, decider = ledger()) => fold(decider, await store.readStream(streamId));
const drivers: Array<[string, () => Promise<{ store: EventStore & SnapshotStore; destroy: () => Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sce-snapshot-handler-'));
      return { store: new SqliteEventStore({ fileName: join(dir, 'events.sqlite') }), destroy: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
if (postgresTestUrl()) {
  drivers.push([
    'postgres',
    async () => {
      const schema = uniqueSchemaName('snapshot_handler');
      return { store: await PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema }), destroy: () => dropSchema(schema) };
    },
  ]);
}

describe.each(drivers)('CommandHandler with snapshots (%s)', (_driver, open) => {
  let store: EventStore & SnapshotStore;
  let destroy: () => Promise<void>;
  let logger: ReturnType<typeof recordingLogger>;
  let handler: CommandHandler;
  beforeEach(async () => {
    ({ store, destroy } = await open());
    logger = recordingLogger();
    handler = new CommandHandler(store, { logger });
  });
  afterEach(async () => {
    await store.close();
    await destroy();
  });

  const noteMany = async (streamId: string, count: number, from = 1) => {
    for (let i = from; i < from + count; i++) await handler.handle(ledger(), streamId, note(i));
  };

  it('folds a stream with a snapshot to the same state as a full replay, reading only the events after the snapshot', async () => {
    await noteMany('ledger-1', 95);
    const snapshot = await store.readSnapshot('ledger-1');
    expect(snapshot).toMatchObject({ schemaVersion: 1 });
    expect(snapshot!.streamRevision).toBeGreaterThan(80);

    const observed = counting(store);
    const result = await new CommandHandler(observed.store, { logger }).handle(ledger(), 'ledger-1', note(1000));
    expect(result.state).toEqual(await replayed(store, 'ledger-1'));
    expect(result.state.total).toBe((95 * 96) / 2 + 1000);
    // The snapshot's own event (checked to exist) and fewer than `every` after it, not 95.
    expect(observed.eventsRead()).toBeLessThanOrEqual(11);
    // The same state as a handler that never uses snapshots.
    const withoutSnapshots = await new CommandHandler(store, { snapshots: false }).handle(ledger(), 'ledger-1', note(0));
    expect(withoutSnapshots.state).toEqual(await replayed(store, 'ledger-1'));
    expect(withoutSnapshots.state.total).toBe(result.state.total);
    expect(logger.messages).toEqual([]);
  });

  it('ignores snapshots of another schema version: a changed evolve with a bumped version replays the whole stream', async () => {
    await noteMany('ledger-1', 30);
    expect(await store.readSnapshot('ledger-1')).toMatchObject({ schemaVersion: 1 });
    // evolve now counts every amount twice: the old snapshots hold single amounts.
    const doubled = (state: Ledger, event: LedgerEvent) => evolveLedger(state, event.type === 'Noted' ? { ...event, data: { ...event.data, amount: event.data.amount * 2 } } : event);
    const bumped = ledger({ evolve: doubled, snapshot: { ...ledger().snapshot!, schemaVersion: 2 } });
    const result = await handler.handle(bumped, 'ledger-1', note(0));
    expect(result.state).toEqual(await replayed(store, 'ledger-1', bumped));
    expect(result.state.total).toBe(30 * 31);
    // Replayed in full, so a snapshot of the new version is written for the next command.
    expect(await store.readSnapshot('ledger-1')).toMatchObject({ schemaVersion: 2 });
    expect((await handler.handle(bumped, 'ledger-1', note(0))).state.total).toBe(30 * 31);
    // Without the bump the old snapshot would have been trusted: the reason the version must change.
    const notBumped = ledger({ evolve: doubled });
    await noteMany('ledger-2', 30);
    expect((await handler.handle(notBumped, 'ledger-2', note(0))).state.total).not.toBe(30 * 31);
  });

  it('falls back to a full replay, and says so, when a snapshot cannot be read, decoded or placed', async () => {
    await noteMany('ledger-1', 20);
    const expected = async () => (await replayed(store, 'ledger-1')).total;
    const unreadable = [
      { state: '{"total": 12, "tags": [' }, // not JSON
      { state: JSON.stringify({ total: 'twelve' }) }, // JSON the decider cannot read
      { state: JSON.stringify({ total: 1, tags: [], lastRevision: 999 }), streamRevision: 999 }, // beyond the stream
    ];
    for (const corruption of unreadable) {
      const stored = (await store.readSnapshot('ledger-1'))!;
      await store.deleteSnapshots('ledger-1');
      await store.writeSnapshot({ ...stored, ...corruption });
      logger.messages.length = 0;
      const result = await handler.handle(ledger(), 'ledger-1', note(0));
      expect(result.state.total).toBe(await expected());
      expect(result.state).toEqual(await replayed(store, 'ledger-1'));
      expect(logger.messages).toHaveLength(1);
    }
  });

  it('never fails a command on a failed snapshot read or write, and logs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sce-snapshot-broken-'));
    const broken = new SqliteEventStore({ fileName: join(dir, 'closed.sqlite') });
    await broken.close();
    try {
      const withBrokenSnapshots = new CommandHandler(store, { snapshots: broken, logger });
      for (let i = 1; i <= 12; i++) await withBrokenSnapshots.handle(ledger(), 'ledger-1', note(i));
      const result = await withBrokenSnapshots.handle(ledger(), 'ledger-1', note(0));
      expect(result.state).toEqual(await replayed(store, 'ledger-1'));
      expect(logger.messages.some((message) => message.startsWith('Snapshot unreadable'))).toBe(true);
      expect(logger.messages.some((message) => message.startsWith('Snapshot write failed'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still lets exactly one of two writers with the same expected revision through on a snapshotted stream', async () => {
    await noteMany('ledger-1', 25);
    expect(await store.readSnapshot('ledger-1')).toBeDefined();
    const outcomes = await Promise.allSettled([
      handler.handle(ledger(), 'ledger-1', note(1), { expectedRevision: 24 }),
      handler.handle(ledger(), 'ledger-1', note(2), { expectedRevision: 24 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream('ledger-1', { fromRevision: 25 })).toHaveLength(1);
  });

  it('answers a resent command whose events lie before the snapshot with its first outcome (replayed), and refuses its key with another payload', async () => {
    await noteMany('ledger-1', 5);
    // 70 events in one command: more than one page of the earlier-outcome lookup.
    const first = await handler.handle(ledger(), 'ledger-1', note(Array.from({ length: 70 }, () => 1), { idempotencyKey: 'key-1' }, 'keyed'));
    await noteMany('ledger-1', 200, 100);
    expect((await store.readSnapshot('ledger-1'))!.streamRevision).toBeGreaterThan(first.revision);

    const observed = counting(store);
    const resend = new CommandHandler(observed.store, { logger });
    const resent = await resend.handle(ledger(), 'ledger-1', note(Array.from({ length: 70 }, () => 1), { idempotencyKey: 'key-1' }, 'keyed'));
    expect(resent).toMatchObject({ replayed: true, appendedEvents: 0, revision: first.revision, lastPosition: first.lastPosition, position: first.position });
    expect(resent.state).toEqual(await replayed(store, 'ledger-1'));
    // The snapshot's tail and pages of the command's own events, not the 275 events of the stream.
    expect(observed.eventsRead()).toBeLessThan(150);
    await expect(resend.handle(ledger(), 'ledger-1', note([2], { idempotencyKey: 'key-1' }, 'keyed'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('ledger-1')).toHaveLength(275);
    // A key never used is a new command.
    expect(await resend.handle(ledger(), 'ledger-1', note(1, { idempotencyKey: 'key-2' }))).toMatchObject({ replayed: false, appendedEvents: 1 });
  });

  it('deletes the snapshots of a stream when it is erased', async () => {
    for (let i = 0; i < 15; i++) await handler.handle(ledger(), 'person-1', note(1, {}, 'Erasable Name'));
    expect((await store.readSnapshot('person-1'))!.state).toContain('Erasable Name');
    await handler.handle(ledger(), 'person-1', forget());
    expect(await store.readSnapshot('person-1')).toBeUndefined();
    // Later snapshots are of the erased state.
    for (let i = 0; i < 3; i++) await handler.handle(ledger(), 'person-1', note(1, {}, 'after'));
    const later = await store.readSnapshot('person-1');
    expect(later!.state).not.toContain('Erasable Name');
    expect((await handler.handle(ledger(), 'person-1', note(0))).state).toEqual(await replayed(store, 'person-1'));
  });

  it('snapshots nothing for a decider that does not opt in', async () => {
    const plain = ledger({ snapshot: undefined });
    for (let i = 0; i < 25; i++) await handler.handle(plain, 'ledger-1', note(i));
    expect(await store.readSnapshot('ledger-1')).toBeUndefined();
  });
});
