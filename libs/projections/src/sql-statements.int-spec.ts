import type { RecordedEvent } from '@sce/event-sourcing';
import { Column, Entity, PrimaryColumn, QueryFailedError, Table, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { rowProjection } from './projection';
import { sqlStatements } from './sql-statements';
import { readModelDrivers, type ReadModelDatabases } from './testing/read-model-databases';

@Entity('sql_spec_notes')
class NoteRow {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'note_text', type: 'varchar', length: 40 })
  text: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  tag: string | null;

  @Column({ type: 'integer' })
  revision: number;
}

class CreateNotes1764329950000 implements MigrationInterface {
  name = 'CreateNotes1764329950000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sql_spec_notes',
        columns: [
          { name: 'id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'note_text', type: 'varchar', length: '40' },
          { name: 'tag', type: 'varchar', length: '40', isNullable: true },
          { name: 'revision', type: 'integer' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sql_spec_notes');
  }
}

const select = (db: DataSource) => `SELECT id, note_text AS "text", tag, revision FROM ${sqlStatements(db).table(NoteRow)} WHERE id = ?`;
const insert = (db: DataSource) => `INSERT INTO ${sqlStatements(db).table(NoteRow)} (id, note_text, tag, revision) VALUES (?, ?, ?, ?)`;

const event = (type: string, data: Record<string, unknown>, revision: number): RecordedEvent =>
  ({ type, data, streamId: `note-${data.id}`, streamRevision: revision, globalPosition: revision + 1, schemaVersion: 1, metadata: { occurredAt: '2026-11-30T12:00:00.000Z' } }) as unknown as RecordedEvent;

const notes = rowProjection<NoteRow>({
  name: 'notes',
  entity: NoteRow,
  primaryKey: 'id',
  handles: ['Noted', 'Tagged', 'Dropped'],
  rowIdOf: (recorded) => (recorded.data as { id: string }).id,
  evolve: (row, recorded) => {
    const data = recorded.data as { id: string; text?: string; tag?: string };
    if (recorded.type === 'Noted') return { id: data.id, text: data.text!, tag: null, revision: recorded.streamRevision };
    if (recorded.type === 'Tagged') return row && { ...row, tag: data.tag!, revision: recorded.streamRevision };
    return null;
  },
});

// The contract of the plain-SQL path on every read-model driver: same rows, same transactions, same errors as TypeORM's.
describe.each(readModelDrivers())('sqlStatements on %s read models', (_driver, databases) => {
  let readModels: ReadModelDatabases;
  let db: DataSource;

  beforeAll(async () => {
    readModels = databases();
    db = await readModels.open([NoteRow], [CreateNotes1764329950000]);
  });
  afterAll(() => readModels.dispose());
  beforeEach(() => db.getRepository(NoteRow).clear());

  it('reads and writes with positional parameters, the same rows TypeORM reads, again and again from one prepared statement', async () => {
    const sql = sqlStatements(db);
    await sql.run(insert(db), ['a', 'first', undefined, 1]);
    await sql.run(insert(db), ['b', 'second', 'x', 2]);
    for (let i = 0; i < 3; i++) expect(await sql.get(select(db), ['b'])).toEqual({ id: 'b', text: 'second', tag: 'x', revision: 2 });
    expect(await sql.get(select(db), ['a'])).toEqual({ ...(await db.getRepository(NoteRow).findOneByOrFail({ id: 'a' })) });
    expect(await sql.get(select(db), ['nobody'])).toBeUndefined();
    expect(await sql.all(`SELECT id FROM ${sql.table(NoteRow)} WHERE revision >= ? AND id <> ? ORDER BY id`, [1, 'zzz'])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it("runs inside the caller's transaction: rolled back with it, and seen by the transaction's own reads", async () => {
    await expect(
      db.transaction(async (manager) => {
        await sqlStatements(manager).run(insert(db), ['t', 'in a transaction', null, 1]);
        expect(await manager.findOneBy(NoteRow, { id: 't' })).toMatchObject({ text: 'in a transaction' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await sqlStatements(db).get(select(db), ['t'])).toBeUndefined();
    await db.transaction((manager) => sqlStatements(manager).run(insert(db), ['u', 'committed', null, 1]));
    expect(await db.getRepository(NoteRow).findOneBy({ id: 'u' })).toMatchObject({ text: 'committed' });
  });

  it('refuses what the database refuses with a QueryFailedError carrying the driver code, and goes on', async () => {
    const sql = sqlStatements(db);
    await sql.run(insert(db), ['dup', 'one', null, 1]);
    const error = await sql.run(insert(db), ['dup', 'two', null, 1]).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(String((error as { driverError: { code?: unknown } }).driverError.code)).toMatch(/^(23505|SQLITE_CONSTRAINT_PRIMARYKEY)$/);
    await expect(sql.get(`SELECT nope FROM ${sql.table(NoteRow)}`, [])).rejects.toBeInstanceOf(QueryFailedError);
    expect(await sql.get(select(db), ['dup'])).toMatchObject({ text: 'one' });
  });

  it('a row projection inserts, updates and deletes its rows by plain statements, many at once', async () => {
    const many = Array.from({ length: 130 }, (_, i) => event('Noted', { id: `n${String(i).padStart(3, '0')}`, text: `note ${i}` }, 0));
    await db.transaction((manager) => notes.apply(many, manager));
    await db.transaction((manager) =>
      notes.apply([event('Tagged', { id: 'n001', tag: 'red' }, 1), event('Dropped', { id: 'n002' }, 1), event('Noted', { id: 'n999', text: 'late' }, 0), event('Tagged', { id: 'n999', tag: 'blue' }, 1)], manager),
    );
    const rows = await db.getRepository(NoteRow).find({ order: { id: 'ASC' } });
    expect(rows).toHaveLength(130);
    expect(rows.find((row) => row.id === 'n001')).toEqual({ id: 'n001', text: 'note 1', tag: 'red', revision: 1 });
    expect(rows.find((row) => row.id === 'n002')).toBeUndefined();
    expect(rows.find((row) => row.id === 'n999')).toEqual({ id: 'n999', text: 'late', tag: 'blue', revision: 1 });
    expect(rows.find((row) => row.id === 'n129')).toEqual({ id: 'n129', text: 'note 129', tag: null, revision: 0 });
  });
});
