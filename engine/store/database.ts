/**
 * The database the engine keeps its rows in: any drizzle PostgreSQL database (node-postgres,
 * postgres.js, PGlite) whose migrations include engine/store/tables.ts. The schema parameter is the
 * host's: the engine queries only its own tables, and hands the host's transaction back to it in
 * `inTransaction`.
 */
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

export type EngineSchema = Record<string, unknown>;
export type EngineDb<TSchema extends EngineSchema = EngineSchema> = PgDatabase<PgQueryResultHKT, TSchema>;
export type EngineTx<TSchema extends EngineSchema = EngineSchema> = PgTransaction<
  PgQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

export interface EngineDatabase<TSchema extends EngineSchema = EngineSchema> {
  db: EngineDb<TSchema>;
  /** PGlite has one connection and one process per data directory; PostgreSQL is shared by processes. */
  kind: 'pglite' | 'postgres';
}

/** The rows of a raw `execute` on any driver (postgres.js answers an array, PGlite and pg `{ rows }`). */
export async function queryRows<T>(db: EngineDb, statement: SQL): Promise<T[]> {
  const result = await db.execute(statement);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}
