/**
 * Serialises writers inside one process. On the embedded profile the event store and the TypeORM read
 * models are two connections to one SQLite file: an async TypeORM transaction holding the write lock while
 * the store's synchronous commit waits for it would block the event loop until SQLITE_BUSY. Both take this
 * gate instead, so they queue in JavaScript and never contend for the file lock in-process.
 */
export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** For drivers whose database handles concurrent writers itself. */
export const noGate = { run: <T>(work: () => T | Promise<T>): Promise<T> => Promise.resolve().then(work) };
export type Gate = Pick<WriteGate, 'run'>;
