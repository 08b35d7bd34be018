import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@sce/event-sourcing';
import { dropSchemas } from './raw-drivers';
import { concurrentWriters } from './workload';
const URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.argv[3] ?? 20000), STREAMS = 5000, WRITERS = 8;
const metadata = { actorId: 'bench', correlationId: 'bench', causationId: null, occurredAt: new Date().toISOString() };
(async () => {
  for (const batches of process.argv[2].split(',').map(Number)) {
    const schema = `probe_${randomUUID().slice(0, 8)}`;
    const store = await PostgresEventStore.create({ connectionString: URL, schema, poolSize: 10, maxConcurrentBatches: batches });
    const cpu0 = process.cpuUsage(); const t0 = performance.now();
    const rate = await concurrentWriters({ events: EVENTS, streams: STREAMS, writers: WRITERS }, (i) =>
      store.appendToStream(`s-${i % STREAMS}`, [{ id: randomUUID(), type: 'T', schemaVersion: 1, data: { i, note: 'x'.repeat(80) }, metadata }], {
        expectedRevision: i < STREAMS ? 'no_stream' : Math.floor(i / STREAMS) - 1,
      }),
    );
    const cpu = process.cpuUsage(cpu0); console.log(`node cpu ${((cpu.user + cpu.system) / 1000 / (performance.now() - t0) * 100).toFixed(0)}%`);
    await store.close();
    await dropSchemas(URL, [schema]);
    console.log(`batches=${batches} ${Math.round(rate)} events/s`);
  }
})();
