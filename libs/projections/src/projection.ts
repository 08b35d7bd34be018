import type { RecordedEvent } from '@sce/event-sourcing';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { sqlStatements } from './sql-statements';

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
  /**
   * Rows derived from these (join tables of codes, say), written in the same transaction: called once per
   * batch, after its rows are written, with each touched row as it stood before the batch and after it.
   */
  afterRowsWritten?(changes: RowChange<Row>[], manager: EntityManager): Promise<void>;
}

export interface RowChange<Row> {
  id: string;
  before: Row | null;
  after: Row | null;
}

const CHUNK = 100;

// The statements of one table, made once per table (a shadow data source names another table) and size.
interface RowStatements {
  select(count: number): string;
  upsert(count: number): string;
  delete(count: number): string;
  columns: string[];
}

function rowStatements(table: string, columns: { databaseName: string; propertyName: string }[], primaryKey: string): RowStatements {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const key = quote(columns.find((column) => column.propertyName === primaryKey)!.databaseName);
  const list = (count: number, item: string) => Array.from({ length: count }, () => item).join(', ');
  const row = `(${list(columns.length, '?')})`;
  const names = columns.map((column) => quote(column.databaseName));
  const memo = (build: (count: number) => string) => {
    const texts = new Map<number, string>();
    return (count: number) => texts.get(count) ?? texts.set(count, build(count)).get(count)!;
  };
  return {
    columns: columns.map((column) => column.propertyName),
    select: memo((count) => `SELECT ${columns.map((column, i) => `${names[i]} AS ${quote(column.propertyName)}`).join(', ')} FROM ${table} WHERE ${key} IN (${list(count, '?')})`),
    upsert: memo(
      (count) =>
        `INSERT INTO ${table} (${names.join(', ')}) VALUES ${list(count, row)} ON CONFLICT (${key}) DO UPDATE SET ${names.filter((name) => name !== key).map((name) => `${name} = excluded.${name}`).join(', ')}`,
    ),
    delete: memo((count) => `DELETE FROM ${table} WHERE ${key} IN (${list(count, '?')})`),
  };
}

export function rowProjection<Row extends ObjectLiteral>(definition: RowProjectionDefinition<Row>): Projection {
  const { entity, primaryKey } = definition;
  // Per table: the live one, or a blue/green rebuild's shadow copy.
  const statementsByTable = new Map<string, RowStatements>();
  return {
    name: definition.name,
    handles: definition.handles,
    entities: [entity],
    // Plain statements prepared once (see sqlStatements), not TypeORM's findBy and upsert: this runs in the
    // transaction every mutation's read-your-writes waits for.
    async apply(events, manager: EntityManager) {
      if (events.length === 0) return;
      const sql = sqlStatements(manager);
      const table = sql.table(entity);
      let statements = statementsByTable.get(table);
      if (!statements) statementsByTable.set(table, (statements = rowStatements(table, manager.connection.getMetadata(entity).columns, primaryKey)));
      const ids = [...new Set(events.map((event) => definition.rowIdOf(event)))];
      const rows = new Map<string, Row | null>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        for (const row of await sql.all<Row>(statements.select(chunk.length), chunk)) rows.set(row[primaryKey], row);
      }
      const before = definition.afterRowsWritten && new Map(rows);
      for (const event of events) {
        const id = definition.rowIdOf(event);
        rows.set(id, definition.evolve(rows.get(id) ?? null, event));
      }
      const kept = [...rows.values()].filter((row): row is Row => row !== null);
      const removed = [...rows.entries()].filter(([, row]) => row === null).map(([id]) => id);
      const { columns } = statements;
      for (let i = 0; i < kept.length; i += CHUNK) {
        const chunk = kept.slice(i, i + CHUNK);
        await sql.run(statements.upsert(chunk.length), chunk.flatMap((row) => columns.map((column) => row[column])));
      }
      for (let i = 0; i < removed.length; i += CHUNK) {
        const chunk = removed.slice(i, i + CHUNK);
        await sql.run(statements.delete(chunk.length), chunk);
      }
      if (before) await definition.afterRowsWritten!(ids.map((id) => ({ id, before: before.get(id) ?? null, after: rows.get(id) ?? null })), manager);
    },
  };
}
