/**
 * One database API over two drivers: embedded PGlite (default, a data directory, no server) and a real
 * PostgreSQL through node-postgres (pg) when a URL is given. Migrations (drizzle-kit, infra/db/migrations)
 * are applied on open. An embedded data directory is opened by one process at a time (data-dir-lock.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repos accept both so callers choose the boundary. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Max concurrent connections: 1 for PGlite. */
  poolSize: number;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** postgres:// URL over TCP. When absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent means in memory. */
  dataDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const migrate = options.migrate ?? true;
  if (options.url) {
    // node-postgres: a lost connection rejects the queries on it and the pool replaces it (postgres.js
    // 3.4 can throw an uncatchable TypeError from a write scheduled on a connection that closed —
    // porsager/postgres#1154, #1208 — which takes the process down when PostgreSQL restarts)
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const poolSize = options.poolSize ?? 10;
    // a connection attempt the server cuts mid-way (a restart) fails after 10 s instead of waiting
    // forever; keep-alive finds a peer gone without a word; a transaction left idle holding locks (its
    // client lost) is ended by the server after a minute
    const pool = new pg.Pool({
      connectionString: options.url,
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      options: '-c idle_in_transaction_session_timeout=60000',
    });
    // a client whose server went away emits 'error' (idle: on the pool; checked out: on itself); without a
    // listener the event would crash the process. Its next query rejects (connection-lost.ts) and the pool
    // replaces it.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = drizzle(pool, { schema }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
      await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
    }
    // close waits for the clients in use, but not forever: a query stuck on a dead connection must not
    // keep a shutting-down process alive (its sockets close with it)
    const close = () => Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
    return { db, kind: 'postgres', poolSize, close };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const client = options.dataDir ? new PGlite(path.join(options.dataDir, 'pgdata')) : new PGlite();
  try {
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  if (migrate) {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
  return {
    db,
    kind: 'pglite',
    poolSize: 1,
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** The rows of a raw `execute` on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result = await db.execute(statement);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}
