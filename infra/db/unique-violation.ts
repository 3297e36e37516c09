/**
 * A unique-constraint violation (SQLSTATE 23505) from either driver — postgres.js `PostgresError`
 * (`table_name`, `constraint_name`) or PGlite `DatabaseError` (`table`, `constraint`), usually wrapped
 * by drizzle as the `cause` — with the columns read from the detail (`Key (lower(username))=(…)`).
 * Two identical requests racing past a "does it exist?" check meet here; the API answers 409.
 */
export interface UniqueViolation {
  table: string | null;
  constraint: string | null;
  /** Column names of the key, function wrappers removed (`lower(username)` → `username`). */
  columns: string[];
}

interface DriverError {
  code?: unknown;
  detail?: unknown;
  table_name?: unknown;
  table?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function uniqueViolation(err: unknown): UniqueViolation | null {
  let e = err as DriverError | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth += 1, e = e.cause as DriverError | undefined) {
    if (e.code !== '23505') continue;
    const key = /^Key \((.+?)\)=\(/.exec(str(e.detail) ?? '')?.[1] ?? '';
    const columns = key
      ? key
          .split(/,\s*/)
          .map((c) => /^\w+\((\w+)\)$/.exec(c)?.[1] ?? c)
          .filter((c) => /^\w+$/.test(c))
      : [];
    return {
      table: str(e.table_name) ?? str(e.table),
      constraint: str(e.constraint_name) ?? str(e.constraint),
      columns,
    };
  }
  return null;
}
