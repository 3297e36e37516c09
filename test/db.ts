/**
 * Database harness for tests. `describeEachDatabase` runs a suite on PGlite (in memory) and again on
 * the real PostgreSQL when TEST_DATABASE_URL is set — each run on its own fresh database, migrated.
 * `describePostgres` runs a suite only on the real PostgreSQL (concurrency, row locks); without
 * TEST_DATABASE_URL it registers a visibly skipped suite saying why — never a silent pass.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../infra/db/client.ts';

/** For suites that open their own databases (engine/ tests import no infra/ themselves). */
export { openDatabase, type Database };

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface DbTarget {
  name: 'pglite' | 'postgres';
  open(options?: { poolSize?: number }): Promise<Database>;
}

/** Creates an empty database on the server of `baseUrl` and returns its URL. */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function dbTargets(): DbTarget[] {
  const targets: DbTarget[] = [{ name: 'pglite', open: () => openDatabase({}) }];
  if (TEST_DATABASE_URL) {
    const base = TEST_DATABASE_URL;
    targets.push({
      name: 'postgres',
      async open(options) {
        const scratch = await createScratchDatabase(base);
        const database = await openDatabase({ url: scratch.url, poolSize: options?.poolSize ?? 5 });
        const close = database.close;
        return {
          ...database,
          close: async () => {
            await close();
            await scratch.drop();
          },
        };
      },
    });
  }
  return targets;
}

/**
 * Runs `body` once per database target with a fresh, migrated database opened before the suite and
 * closed after it. `body` receives a getter (the database exists only once beforeAll ran).
 */
export function describeEachDatabase(
  name: string,
  body: (get: () => Database, target: DbTarget['name']) => void,
  options?: { poolSize?: number },
): void {
  for (const target of dbTargets()) {
    describe(`${name} [${target.name}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await target.open(options);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, target.name);
    });
  }
}

export function describePostgres(
  name: string,
  body: (get: () => Database) => void,
  options?: { poolSize?: number },
): void {
  if (!TEST_DATABASE_URL) {
    describe.skip(`${name} [postgres: needs TEST_DATABASE_URL]`, () =>
      body(() => {
        throw new Error('no database');
      }));
    return;
  }
  const target = dbTargets().find((t) => t.name === 'postgres')!;
  describe(`${name} [postgres]`, () => {
    let database: Database | undefined;
    beforeAll(async () => {
      database = await target.open(options);
    });
    afterAll(async () => {
      await database?.close();
    });
    body(() => database!);
  });
}
