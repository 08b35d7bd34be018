import Database from 'better-sqlite3';

/** Thrown when another server already serves the same SQLite file. */
export class DataDirectoryInUseError extends Error {
  constructor(readonly file: string) {
    super(
      `Another server is already running on ${file} (it holds ${file}.lock). Two servers on one SQLite file would both ` +
        'run the projections and fail with "database is locked" under load: stop the other one, or give this one its own DATA_DIR.',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/**
 * One server per SQLite file: an exclusive lock held through SQLite's own file locking on `<file>.lock`
 * for as long as the server runs. The operating system drops it when the process dies, so a crash never
 * leaves a stale lock behind (as a pid file would).
 */
export function lockSqliteFile(file: string): { release(): void } {
  const lock = new Database(`${file}.lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS held_by (pid INTEGER, since TEXT)');
    lock.exec('BEGIN EXCLUSIVE');
    lock.prepare('DELETE FROM held_by').run();
    lock.prepare('INSERT INTO held_by VALUES (?, ?)').run(process.pid, new Date().toISOString());
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) throw new DataDirectoryInUseError(file);
    throw error;
  }
  return {
    release: () => {
      if (!lock.open) return;
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
