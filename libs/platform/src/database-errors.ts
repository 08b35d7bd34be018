// What a read-model write failed on, told apart by driver code (never by message text).

/** A unique index refused the row: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY. */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } })?.driverError ?? (error as { code?: unknown });
  const code = driverError?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * An error as it may be logged: name, code, message and stack, never the query's parameters (TypeORM's
 * QueryFailedError carries them, and they hold names, e-mail addresses and password hashes).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  const driverCode = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return { type: error.name, message: error.message, ...(code !== undefined ? { code } : {}), ...(driverCode !== undefined ? { driverCode } : {}), stack: error.stack };
}
