import DataLoader from 'dataloader';
import type { GraphqlContext } from './request-context';

const LOADERS = Symbol('sce:request-loaders');

/**
 * A DataLoader that lives as long as one request: the field resolvers of a page of 100 entities ask for
 * their rows with one query instead of 100, and nothing is cached across requests (or callers).
 */
export function requestLoader<Key, Value>(context: GraphqlContext, name: string, batch: (keys: readonly Key[]) => Promise<Value[]>): DataLoader<Key, Value> {
  const holder = context.req as unknown as { [LOADERS]?: Map<string, DataLoader<unknown, unknown>> };
  const loaders = (holder[LOADERS] ??= new Map());
  let loader = loaders.get(name) as DataLoader<Key, Value> | undefined;
  if (!loader) {
    loader = new DataLoader<Key, Value>(batch, { maxBatchSize: 500 });
    loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** Groups rows by a key, in the order of the keys asked for (what a DataLoader batch function returns). */
export function groupedBy<Key, Row>(keys: readonly Key[], rows: Row[], keyOf: (row: Row) => Key): Row[][] {
  const groups = new Map<Key, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}
