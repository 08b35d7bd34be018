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

/** A range [from, to) of the workload's events. */
export interface Slice {
  from: number;
  to: number;
}

/** Appends the slice's events one after another; returns the seconds it took. */
export async function oneWriter(slice: Slice, append: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  for (let i = slice.from; i < slice.to; i++) await append(i);
  return (performance.now() - started) / 1000;
}

/**
 * Appends the slice's events from N concurrent writers; returns the seconds it took. Writer w owns the
 * streams s with s % writers === w and appends their events in order.
 */
export async function concurrentWriters(workload: Pick<Workload, 'streams' | 'writers'>, slice: Slice, append: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workload.writers }, async (_, writer) => {
      for (let i = slice.from; i < slice.to; i++) if ((i % workload.streams) % workload.writers === writer) await append(i);
    }),
  );
  return (performance.now() - started) / 1000;
}
