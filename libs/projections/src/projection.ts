import type { RecordedEvent } from '@sce/event-sourcing';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** A read model fed by the log. apply runs inside the transaction that also moves its checkpoint. */
export interface Projection {
  name: string;
  /** Event types it reads; other events only move its checkpoint. */
  handles: readonly string[];
  /** The tables it owns: emptied before a rebuild. */
  entities: EntityTarget<ObjectLiteral>[];
  apply(events: RecordedEvent[], manager: EntityManager): Promise<void>;
}

/** A read model with one row per aggregate, folded by a pure evolve (null removes the row). */
export interface RowProjectionDefinition<Row extends ObjectLiteral> {
  name: string;
  entity: EntityTarget<Row>;
  primaryKey: keyof Row & string;
  handles: readonly string[];
  rowIdOf(event: RecordedEvent): string;
  evolve(row: Row | null, event: RecordedEvent): Row | null;
}

const CHUNK = 100;

export function rowProjection<Row extends ObjectLiteral>(definition: RowProjectionDefinition<Row>): Projection {
  const { entity, primaryKey } = definition;
  return {
    name: definition.name,
    handles: definition.handles,
    entities: [entity],
    async apply(events, manager) {
      if (events.length === 0) return;
      const ids = [...new Set(events.map((event) => definition.rowIdOf(event)))];
      const rows = new Map<string, Row | null>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const found = await manager.findBy(entity, { [primaryKey]: In(ids.slice(i, i + CHUNK)) } as never);
        for (const row of found) rows.set(row[primaryKey], row);
      }
      for (const event of events) {
        const id = definition.rowIdOf(event);
        rows.set(id, definition.evolve(rows.get(id) ?? null, event));
      }
      const kept = [...rows.values()].filter((row): row is Row => row !== null);
      const removed = [...rows.entries()].filter(([, row]) => row === null).map(([id]) => id);
      for (let i = 0; i < kept.length; i += CHUNK) await manager.upsert(entity, kept.slice(i, i + CHUNK) as never, [primaryKey]);
      for (let i = 0; i < removed.length; i += CHUNK) await manager.delete(entity, { [primaryKey]: In(removed.slice(i, i + CHUNK)) } as never);
    },
  };
}
