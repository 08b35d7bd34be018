import type { Database, Statement } from 'better-sqlite3';
import { QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** The read-model database, or a transaction's manager on it (statements then run inside that transaction). */
export type ReadModelDb = DataSource | EntityManager;

/**
 * Plain SQL on the read-model database, for the reads and writes every request makes (the guard's account,
 * an organisation by id, a row projection's apply). TypeORM's find and upsert build the same SQL again on
 * every call, which cost more CPU than the statements themselves: here each text is prepared once per
 * database (better-sqlite3 statements) and run with positional `?` parameters on the connection TypeORM
 * uses, so a statement in a projection's transaction is part of it. On PostgreSQL, TypeORM runs the text.
 * Failures are TypeORM's QueryFailedError, as from a repository.
 */
export interface SqlStatements {
  all<Row>(text: string, parameters: readonly unknown[]): Promise<Row[]>;
  get<Row>(text: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  run(text: string, parameters: readonly unknown[]): Promise<void>;
  /** An entity's table as SQL names it: quoted, with its schema and a shadow data source's prefix. */
  table(entity: EntityTarget<ObjectLiteral>): string;
}

interface Driver {
  all(db: ReadModelDb, text: string, parameters: unknown[]): Promise<Record<string, unknown>[]>;
  run(db: ReadModelDb, text: string, parameters: unknown[]): Promise<void>;
}

/** `?, ?, ?` for a list of `count` values: `IN (${placeholders(ids.length)})`. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/**
 * `LIMIT n` written into the statement's text: SQLite plans `LIMIT ?` without knowing the count, and the same
 * page read took a third longer that way (105 against 78 µs for 21 rows of the directory). Page sizes are few
 * (validated integers up to the page maximum), so each size is one more prepared statement at most.
 */
export function limitClause(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`limitClause: ${count} is not a row count`);
  return `LIMIT ${count}`;
}

/**
 * A condition written with TypeORM's named parameters (`o.status <> :status`, as a VisibilityRule gives it)
 * turned into positional `?` ones, values in order. Names are `:word`; PostgreSQL's `::type` casts are left alone.
 */
export function positional(condition: string, parameters: Record<string, unknown>): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = condition.replace(/(?<!:):(\w+)/g, (_, name: string) => {
    if (!(name in parameters)) throw new Error(`positional: no value for :${name}`);
    values.push(parameters[name]);
    return '?';
  });
  return { text, values };
}

const drivers = new WeakMap<DataSource, Driver>();

export function sqlStatements(db: ReadModelDb): SqlStatements {
  const dataSource = dataSourceOf(db);
  let driver = drivers.get(dataSource);
  if (!driver) drivers.set(dataSource, (driver = driverFor(dataSource)));
  const { all, run } = driver;
  return {
    all: (text, parameters) => all(db, text, [...parameters]) as Promise<any[]>,
    get: async (text, parameters) => (await all(db, text, [...parameters]))[0] as any,
    run: (text, parameters) => run(db, text, [...parameters]),
    table: (entity) => tableNameOf(dataSource, entity),
  };
}

// Every request names a few tables; TypeORM's metadata lookup by target is a search through all entities.
const tableNames = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, string>>();

function tableNameOf(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  let names = tableNames.get(dataSource);
  if (!names) tableNames.set(dataSource, (names = new Map()));
  let name = names.get(entity);
  if (name === undefined) {
    const metadata = dataSource.getMetadata(entity);
    name = [metadata.schema, metadata.tableName].filter((part): part is string => part !== undefined).map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
    names.set(entity, name);
  }
  return name;
}

const dataSourceOf = (db: ReadModelDb): DataSource => ('driver' in db ? db : db.connection);

function driverFor(dataSource: DataSource): Driver {
  const type = dataSource.options.type;
  if (type === 'better-sqlite3') return sqliteDriver(dataSource);
  if (type === 'postgres') return postgresDriver();
  throw new Error(`sqlStatements: no driver for a '${type}' read-model database`);
}

/** A prepared statement, and for one that returns rows the names of its columns (it answers in raw mode). */
interface Prepared {
  statement: Statement;
  columns?: string[];
}

function prepare(connection: Database, text: string): Prepared {
  const statement = connection.prepare(text);
  if (!statement.reader) return { statement };
  return { statement: statement.raw(true), columns: statement.columns().map((column) => column.name) };
}

// SQLite: one connection for everything (TypeORM's too), so statements are cached per connection and a
// transaction's manager needs nothing else. better-sqlite3 cannot bind booleans or undefined.
function sqliteDriver(dataSource: DataSource): Driver {
  const cache = new WeakMap<Database, Map<string, Prepared>>();
  const statement = (text: string): Prepared => {
    const connection = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    let statements = cache.get(connection);
    if (!statements) cache.set(connection, (statements = new Map()));
    let prepared = statements.get(text);
    if (!prepared) statements.set(text, (prepared = prepare(connection, text)));
    return prepared;
  };
  const bindable = (parameters: unknown[]) => parameters.map((value) => (value === undefined ? null : typeof value === 'boolean' ? Number(value) : value));
  return {
    async all(_, text, parameters) {
      const values = bindable(parameters);
      try {
        const found = statement(text);
        const prepared = found.statement;
        if (!found.columns) return prepared.run(...values), [];
        // Rows come as arrays and become objects here: better-sqlite3 builds each row object property by
        // property in C++, which took about 40% longer than this loop for a page of 21 rows of 11 columns.
        const rows = prepared.all(...values) as unknown[][];
        // SQLite prepares a statement again after a schema change (a table rebuilt beside the live one).
        if (rows.length > 0 && rows[0].length !== found.columns.length) found.columns = prepared.columns().map((column) => column.name);
        const columns = found.columns;
        const objects: Record<string, unknown>[] = new Array(rows.length);
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r];
          const object: Record<string, unknown> = {};
          for (let c = 0; c < columns.length; c++) object[columns[c]] = row[c];
          objects[r] = object;
        }
        return objects;
      } catch (error) {
        throw new QueryFailedError(text, values, error as Error);
      }
    },
    async run(_, text, parameters) {
      const values = bindable(parameters);
      try {
        statement(text).statement.run(...values);
      } catch (error) {
        throw new QueryFailedError(text, values, error as Error);
      }
    },
  };
}

// PostgreSQL: `?` becomes `$n` once per text, and the statement goes through TypeORM's own query path (the
// transaction's connection for a manager in one), skipping only its query builder: the time that builder
// cost is the SQLite profile's, where a statement takes microseconds; on PostgreSQL the round trip dominates.
function postgresDriver(): Driver {
  const texts = new Map<string, string>();
  const numbered = (text: string) => {
    let converted = texts.get(text);
    if (converted === undefined) {
      let n = 0;
      converted = text.replace(/\?/g, () => `$${++n}`);
      texts.set(text, converted);
    }
    return converted;
  };
  const execute = async (db: ReadModelDb, text: string, parameters: unknown[]) => {
    const rows: unknown = await db.query(numbered(text), parameters.map((value) => (value === undefined ? null : value)));
    // TypeORM answers a SELECT with its rows, other statements with [rows, count].
    return (Array.isArray(rows) && !(rows.length === 2 && Array.isArray(rows[0]) && typeof rows[1] === 'number') ? rows : []) as Record<string, unknown>[];
  };
  return {
    all: execute,
    async run(db, text, parameters) {
      await db.query(numbered(text), parameters.map((value) => (value === undefined ? null : value)));
    },
  };
}
