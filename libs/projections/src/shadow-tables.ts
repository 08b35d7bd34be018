import type { EntityManager } from 'typeorm';

/**
 * DDL for a rebuild beside the live tables (blue/green): a shadow table with the live table's columns,
 * keys and indexes, and the swap that puts it in the live table's place with the live index names, so
 * later migrations find what they expect. PostgreSQL copies with LIKE; SQLite replays the stored DDL.
 */
export interface ShadowTables {
  /** Creates (again, if a rebuild was interrupted) an empty copy of `live` named `shadow`. */
  create(manager: EntityManager, live: string, shadow: string): Promise<void>;
  /** Drops `live` and renames `shadow` into its place, inside the caller's transaction. */
  swap(manager: EntityManager, live: string, shadow: string): Promise<void>;
  drop(manager: EntityManager, shadow: string): Promise<void>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function shadowTablesFor(manager: EntityManager, schema: string | undefined): ShadowTables {
  return manager.connection.options.type === 'postgres' ? postgresShadowTables(schema) : sqliteShadowTables;
}

function postgresShadowTables(schema: string | undefined): ShadowTables {
  const qualified = (name: string) => (schema ? `${quote(schema)}.${quote(name)}` : quote(name));
  const schemaOf = schema ? '$2' : 'current_schema()';
  const indexes = async (manager: EntityManager, table: string): Promise<Array<{ name: string; shape: string }>> => {
    const rows: { indexname: string; indexdef: string }[] = await manager.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 AND schemaname = ${schemaOf}`, schema ? [table, schema] : [table]);
    // What an index is, without its name and table: how the live and the shadow index are paired.
    return rows.map((row) => ({ name: row.indexname, shape: row.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, '$1') }));
  };
  return {
    async create(manager, live, shadow) {
      await manager.query(`DROP TABLE IF EXISTS ${qualified(shadow)}`);
      await manager.query(`CREATE TABLE ${qualified(shadow)} (LIKE ${qualified(live)} INCLUDING ALL)`);
    },
    async swap(manager, live, shadow) {
      const names = await indexes(manager, live);
      await manager.query(`DROP TABLE ${qualified(live)}`);
      await manager.query(`ALTER TABLE ${qualified(shadow)} RENAME TO ${quote(live)}`);
      // Renaming the index behind a primary key or unique constraint renames the constraint too.
      for (const index of await indexes(manager, live)) {
        const original = names.find((candidate) => candidate.shape === index.shape);
        if (original && original.name !== index.name) await manager.query(`ALTER INDEX ${qualified(index.name)} RENAME TO ${quote(original.name)}`);
      }
    },
    async drop(manager, shadow) {
      await manager.query(`DROP TABLE IF EXISTS ${qualified(shadow)}`);
    },
  };
}

const sqliteShadowTables: ShadowTables = {
  async create(manager, live, shadow) {
    await manager.query(`DROP TABLE IF EXISTS ${quote(shadow)}`);
    const [table]: { sql: string }[] = await manager.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [live]);
    if (!table) throw new Error(`No table ${live} to rebuild beside`);
    await manager.query(table.sql.replace(/^CREATE TABLE\s+("[^"]+"|`[^`]+`|\S+)/i, `CREATE TABLE ${quote(shadow)}`));
    for (const index of await sqliteIndexes(manager, live)) {
      await manager.query(index.sql.replace(/^CREATE (UNIQUE )?INDEX\s+("[^"]+"|\S+)\s+ON\s+("[^"]+"|\S+)/i, `CREATE $1INDEX ${quote(`${shadow}__${index.name}`)} ON ${quote(shadow)}`));
    }
  },
  async swap(manager, live, shadow) {
    const originals = await sqliteIndexes(manager, live);
    await manager.query(`DROP TABLE ${quote(live)}`);
    await manager.query(`ALTER TABLE ${quote(shadow)} RENAME TO ${quote(live)}`);
    // The shadow's indexes followed the rename; give them back the live names and definitions.
    for (const index of originals) {
      await manager.query(`DROP INDEX IF EXISTS ${quote(`${shadow}__${index.name}`)}`);
      await manager.query(index.sql);
    }
  },
  async drop(manager, shadow) {
    await manager.query(`DROP TABLE IF EXISTS ${quote(shadow)}`);
  },
};

// Indexes declared in SQL; those SQLite makes itself for keys (no sql) come with the table.
async function sqliteIndexes(manager: EntityManager, table: string): Promise<Array<{ name: string; sql: string }>> {
  return manager.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table]);
}
