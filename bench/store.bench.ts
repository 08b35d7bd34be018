// npm run bench:store [-- --driver sqlite|postgres --events 50000 --streams 5000 --writers 8 --rounds 5 --concurrent-batches N]
// Appends single events with an expected revision through our event store, from one writer and from N
// concurrent writers, and does the same inserts with the raw driver at the same durability (one
// transaction per insert). The machines here are shared and noisy, so raw and ours run interleaved, in
// rounds of EVENTS / ROUNDS events each, and each rate is over all its rounds: both sides meet the same
// moments of noise. Then everything is read back.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EventStore } from '@sce/event-sourcing';
import { PostgresEventStore } from '@sce/event-sourcing/adapters/postgres';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { rawPostgres, rawSqlite, type RawLog } from './raw-drivers';
import { concurrentWriters, oneWriter, type Slice, type Workload } from './workload';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const DRIVER = option('driver', 'sqlite');
const EVENTS = Number(option('events', '50000'));
const STREAMS = Number(option('streams', '5000'));
const WRITERS = Number(option('writers', '8'));
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const metadata = { actorId: 'bench', correlationId: 'bench', causationId: null, occurredAt: new Date().toISOString() };
const workload: Workload = {
  events: EVENTS,
  streams: STREAMS,
  writers: WRITERS,
  eventFor: (i) => ({
    id: randomUUID(),
    type: 'OrganisationRegistered',
    schemaVersion: 1,
    data: { organisationId: `org-${i % STREAMS}`, name: `Organisation ${i}`, type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', note: 'x'.repeat(80) },
    metadata,
  }),
  streamFor: (i) => `s-${i % STREAMS}`,
  expectedFor: (i) => (i < STREAMS ? 'no_stream' : Math.floor(i / STREAMS) - 1),
};

const ROUNDS = Number(option('rounds', '5'));
// PostgreSQL only: group-commit transactions in flight at once (the store's maxConcurrentBatches).
const CONCURRENT_BATCHES = option('concurrent-batches', '');

async function readEverything(store: EventStore): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 1000 });
    if (batch.length === 0) break;
    count += batch.length;
    after = batch[batch.length - 1].globalPosition;
  }
  if (count !== EVENTS) throw new Error(`read ${count} events, expected ${EVENTS}`);
  return count / ((performance.now() - started) / 1000);
}

async function readRaw(log: RawLog): Promise<number> {
  const started = performance.now();
  const count = await log.readAll();
  if (count !== EVENTS) throw new Error(`raw read ${count} events, expected ${EVENTS}`);
  return count / ((performance.now() - started) / 1000);
}

const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} events/s`;
const line = (label: string, value: string) => console.log(`${label} ${'.'.repeat(Math.max(2, 56 - label.length))} ${value}`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sce-bench-'));
  const schemas: string[] = [];
  const open = async (name: string): Promise<EventStore> => {
    if (DRIVER === 'sqlite') return new SqliteEventStore({ fileName: join(dir, `${name}.sqlite`) });
    const schema = `bench_${name}_${randomUUID().slice(0, 8)}`;
    schemas.push(schema);
    return PostgresEventStore.create({
      connectionString: POSTGRES_URL,
      schema,
      poolSize: WRITERS,
      maxConcurrentBatches: CONCURRENT_BATCHES ? Number(CONCURRENT_BATCHES) : undefined,
    });
  };
  const openRaw = (name: string, connections: number): RawLog | Promise<RawLog> =>
    DRIVER === 'sqlite' ? rawSqlite(join(dir, `raw-${name}.sqlite`), workload) : rawPostgres(POSTGRES_URL, workload, connections);
  const durability = DRIVER === 'sqlite' ? 'WAL, synchronous=FULL' : 'synchronous_commit as configured on the server';
  console.log(`bench:store ${DRIVER} (${durability}): ${EVENTS} single-event appends with expected revision over ${STREAMS} streams, ${ROUNDS} interleaved rounds`);

  const rawOne = await openRaw('one', 1);
  const oursOne = await open('one');
  // SQLite has one writer at a time: its raw baseline is the single writer, and our N writers are compared with our one.
  const rawMany = DRIVER === 'sqlite' ? undefined : await openRaw('many', WRITERS);
  const oursMany = await open('many');
  const time = { rawOne: 0, oursOne: 0, rawMany: 0, oursMany: 0 };
  const append = (store: EventStore) => (i: number) => store.appendToStream(workload.streamFor(i), [workload.eventFor(i)], { expectedRevision: workload.expectedFor(i) });
  for (let round = 0; round < ROUNDS; round++) {
    const slice: Slice = { from: Math.floor((round * EVENTS) / ROUNDS), to: Math.floor(((round + 1) * EVENTS) / ROUNDS) };
    time.rawOne += await oneWriter(slice, rawOne.append);
    time.oursOne += await oneWriter(slice, append(oursOne));
    if (rawMany) time.rawMany += await concurrentWriters(workload, slice, (i) => Promise.resolve(rawMany.append(i)));
    time.oursMany += await concurrentWriters(workload, slice, append(oursMany));
  }
  const rate = (seconds: number) => EVENTS / seconds;
  line('raw, 1 writer, one transaction per insert', fmt(rate(time.rawOne)));
  line('ours, 1 writer', fmt(rate(time.oursOne)));
  if (rawMany) line(`raw, ${WRITERS} writers on a pool of ${WRITERS} connections`, fmt(rate(time.rawMany)));
  line(`ours, ${WRITERS} concurrent writers (group commit)`, fmt(rate(time.oursMany)));

  const read = await readEverything(oursMany);
  const rawRead = await readRaw(rawMany ?? rawOne);
  line('ours, read all back (batches of 1000)', fmt(read));
  line('raw, read all back', fmt(rawRead));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  line('peak RSS', `${peakRssMb.toFixed(0)} MB`);

  await Promise.all([oursOne.close(), oursMany.close(), rawOne.close(), rawMany?.close()]);
  if (DRIVER === 'postgres') await dropSchemas(schemas);
  rmSync(dir, { recursive: true, force: true });

  const one = rate(time.oursOne);
  const many = rate(time.oursMany);
  const ratios =
    DRIVER === 'sqlite'
      ? `1 writer / raw = ${(one / rate(time.rawOne)).toFixed(2)}x (target >= 0.7); ${WRITERS} writers / our 1 writer = ${(many / one).toFixed(2)}x (target >= 3)`
      : `1 writer / raw = ${(one / rate(time.rawOne)).toFixed(2)}x (target >= 0.6); ${WRITERS} writers / raw ${WRITERS} writers = ${(many / rate(time.rawMany)).toFixed(2)}x (target >= 2)`;
  console.log(`ratio (${DRIVER}): ${ratios}; read ${Math.round(read).toLocaleString('en-US')}/s (target >= 100,000); peak RSS ${peakRssMb.toFixed(0)} MB (target < 300)`);
}

async function dropSchemas(names: string[]): Promise<void> {
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  for (const name of names) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await admin.end();
}

void main();
