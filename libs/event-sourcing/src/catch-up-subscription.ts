import type { EventEmitter } from 'node:events';
import type { RecordedEvent } from './event';
import type { EventBatchHandler, EventSubscription } from './event-store.port';

export interface CatchUpSource {
  readAfter(position: number, maxCount: number): Promise<RecordedEvent[]>;
  /** Resolves when new events may have been appended (or the timeout passed). */
  waitForAppend(timeoutMs: number): Promise<void>;
}

/**
 * Shared by adapters whose log can be read by position: read batches until caught up, then wait for an
 * append signal (in-process notification, LISTEN/NOTIFY...) and read again. The idle timeout is a safety
 * net for writers the signal cannot see, not the delivery mechanism.
 */
export function startCatchUpSubscription(
  source: CatchUpSource,
  handler: EventBatchHandler,
  options: { after?: number; batchSize?: number; idleTimeoutMs?: number },
): EventSubscription {
  let stopped = false;
  let wakeUp: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => (wakeUp = resolve));
  const batchSize = options.batchSize ?? 500;
  const idleTimeoutMs = options.idleTimeoutMs ?? 1000;

  const run = async () => {
    let checkpoint = options.after ?? 0;
    while (!stopped) {
      const events = await source.readAfter(checkpoint, batchSize);
      if (stopped) return;
      if (events.length > 0) {
        await handler(events);
        checkpoint = events[events.length - 1].globalPosition;
        continue;
      }
      await Promise.race([source.waitForAppend(idleTimeoutMs), stopSignal]);
    }
  };
  const finished = run();
  return {
    finished,
    async stop() {
      stopped = true;
      wakeUp();
      await finished.catch(() => undefined);
    },
  };
}

/** Resolves on the emitter's next 'append' signal, or after timeoutMs, whichever comes first. */
export function nextAppendSignal(emitter: EventEmitter, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off('append', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    emitter.on('append', done);
  });
}
