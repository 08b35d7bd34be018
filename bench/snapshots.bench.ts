// npm run bench:snapshots [-- --driver sqlite|postgres --commands 200 --every 100]
// The cost of one command on a stream of 100 events and on one of 10,000, through the command handler,
// with and without snapshots, side by side in one run. The decider edits one of 50 sections of a document
// (a guideline-like state of about 50 x 300 characters, the same size whatever the history's length).
// The four cases run interleaved, one command each per round, so they meet the same moments of noise on a
// shared machine. Prints p50/p95 per case and the ratios 10,000 / 100.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CommandHandler, type Command, type Decider, type Event, type EventStore, type EventToAppend, type SnapshotStore } from '@sce/event-sourcing';
import { PostgresEventStore } from '@sce/event-sourcing/adapters/postgres';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const DRIVER = option('driver', 'sqlite');
const COMMANDS = Number(option('commands', '200'));
const EVERY = Number(option('every', '100'));
const SECTIONS = 50;
const LENGTHS = [100, 10_000];
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type SectionEdited = Event<'SectionEdited', { sectionId: string; body: string }>;
type EditSection = Command<'EditSection', { sectionId: string; body: string }>;
interface Document {
  sections: Record<string, string>;
  edits: number;
}

const documentDecider: Decider<Document, EditSection, SectionEdited> = {
  initialState: () => ({ sections: {}, edits: 0 }),
  decide: (command, state) => (state.sections[command.data.sectionId] === command.data.body ? [] : [{ type: 'SectionEdited', data: { ...command.data } }]),
  evolve: (state, event) => ({ sections: { ...state.sections, [event.data.sectionId]: event.data.body }, edits: state.edits + 1 }),
  schemaVersions: { SectionEdited: 1 },
};
const snapshotted: typeof documentDecider = { ...documentDecider, snapshot: { schemaVersion: 1, every: EVERY } };

const bodyFor = (i: number) => `Edit ${i}: ${'the city shall publish its mobility data openly and keep it current. '.repeat(4)}`;
const edit = (i: number): EditSection => ({
  type: 'EditSection',
  data: { sectionId: `section-${i % SECTIONS}`, body: bodyFor(i) },
  metadata: { now: new Date(), actorId: 'bench', correlationId: randomUUID() },
});
const metadata = { actorId: 'bench', correlationId: 'bench-seed', causationId: null, occurredAt: new Date().toISOString() };

// The history is written straight to the store, in appends of 500 events.
async function seed(store: EventStore, streamId: string, length: number): Promise<void> {
  for (let start = 0; start < length; start += 500) {
    const events: EventToAppend[] = [];
    for (let i = start; i < Math.min(length, start + 500); i++) events.push({ id: randomUUID(), type: 'SectionEdited', schemaVersion: 1, data: { sectionId: `section-${i % SECTIONS}`, body: bodyFor(i) }, metadata });
    await store.appendToStream(streamId, events, { expectedRevision: start === 0 ? 'no_stream' : start - 1 });
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function openStore(): Promise<{ store: EventStore & SnapshotStore; cleanUp: () => Promise<void> }> {
  if (DRIVER === 'postgres') {
    const schema = `bench_snapshots_${randomUUID().slice(0, 8)}`;
    const store = await PostgresEventStore.create({ connectionString: POSTGRES_URL, schema });
    return {
      store,
      cleanUp: async () => {
        const client = new Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  if (DRIVER !== 'sqlite') throw new Error(`--driver must be sqlite or postgres, not ${DRIVER}`);
  const dir = mkdtempSync(join(tmpdir(), 'sce-bench-snapshots-'));
  return { store: new SqliteEventStore({ fileName: join(dir, 'events.sqlite') }), cleanUp: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const { store, cleanUp } = await openStore();
  const handler = new CommandHandler(store);
  const cases = LENGTHS.flatMap((length) =>
    [false, true].map((withSnapshots) => ({ length, withSnapshots, streamId: `document-${length}-${withSnapshots ? 'snapshots' : 'replay'}`, timings: [] as number[] })),
  );
  try {
    console.log(`driver ${DRIVER}, ${COMMANDS} commands per case, a snapshot every ${EVERY} events; seeding ${LENGTHS.join(' and ')} events per stream...`);
    for (const { streamId, length } of cases) await seed(store, streamId, length);
    // One command each before measuring: warms the statements, and writes the first snapshot.
    let i = 1_000_000;
    for (const { streamId, withSnapshots } of cases) await handler.handle(withSnapshots ? snapshotted : documentDecider, streamId, edit(i++));

    for (let round = 0; round < COMMANDS; round++) {
      for (const current of cases) {
        const decider = current.withSnapshots ? snapshotted : documentDecider;
        const started = performance.now();
        const result = await handler.handle(decider, current.streamId, edit(i++));
        current.timings.push(performance.now() - started);
        if (result.appendedEvents !== 1 || result.state.edits !== result.revision + 1) throw new Error(`unexpected outcome on ${current.streamId}`);
      }
    }

    const row = (label: string, values: string[]) => console.log(label.padEnd(28) + values.map((value) => value.padStart(16)).join(''));
    const stats = cases.map((current) => {
      const sorted = [...current.timings].sort((a, b) => a - b);
      return { ...current, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    });
    const find = (length: number, withSnapshots: boolean) => stats.find((s) => s.length === length && s.withSnapshots === withSnapshots)!;
    console.log();
    row('one command (ms)', ['100 events', '10,000 events', 'ratio 10k/100']);
    for (const withSnapshots of [false, true]) {
      const small = find(100, withSnapshots);
      const large = find(10_000, withSnapshots);
      const name = withSnapshots ? 'with snapshots' : 'full replay';
      row(`${name}  p50`, [small.p50.toFixed(2), large.p50.toFixed(2), `${(large.p50 / small.p50).toFixed(2)}x`]);
      row(`${name}  p95`, [small.p95.toFixed(2), large.p95.toFixed(2), `${(large.p95 / small.p95).toFixed(2)}x`]);
    }
    const replay = find(10_000, false);
    const snapshot = find(10_000, true);
    console.log(`\nat 10,000 events, snapshots make a command ${(replay.p50 / snapshot.p50).toFixed(1)}x faster at p50, ${(replay.p95 / snapshot.p95).toFixed(1)}x at p95`);
    console.log(`target (a command on 10,000 events costs about what it costs on 100): p95 ratio with snapshots ${(snapshot.p95 / find(100, true).p95).toFixed(2)}x`);
  } finally {
    await store.close();
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
