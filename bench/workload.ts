// The benchmark's workload, shared by our store and the raw drivers.
import type { EventToAppend } from '@sce/event-sourcing';

export interface Workload {
  events: number;
  streams: number;
  writers: number;
  eventFor(i: number): EventToAppend;
  streamFor(i: number): string;
  /** Event i lands at revision floor(i / streams): every append checks an exact revision. */
  expectedFor(i: number): 'no_stream' | number;
}

// Writer w owns the streams s with s % WRITERS === w and appends their events in order.
export async function concurrentWriters(workload: Pick<Workload, 'events' | 'streams' | 'writers'>, append: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workload.writers }, async (_, writer) => {
      for (let i = 0; i < workload.events; i++) if ((i % workload.streams) % workload.writers === writer) await append(i);
    }),
  );
  return workload.events / ((performance.now() - started) / 1000);
}

