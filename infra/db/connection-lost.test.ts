import { expect, it } from 'vitest';
import postgres from 'postgres';
import { describePostgres, TEST_DATABASE_URL } from '../../test/db.ts';
import { connectionLost } from './connection-lost.ts';

describePostgres('a lost database connection, as the driver reports it', () => {
  it('recognises a query cut by a server restart, and not a query the server refused', async () => {
    // given a connection whose backend is terminated while a query runs (what a restart does), and
    // another connection's query refused by the server
    const client = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const other = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const [backend] = await client<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const pid = backend!.pid;
      const cut = client`select pg_sleep(5)`.then(() => null, (err: unknown) => err);
      await new Promise((r) => setTimeout(r, 200));
      await admin`select pg_terminate_backend(${pid})`;
      const refused = await other`select * from no_such_table`.then(() => null, (err: unknown) => err);
      // when each error is classified / then only the cut one is a lost connection
      expect(connectionLost(await cut)).toBe(true);
      expect(connectionLost(refused)).toBe(false);
      expect(connectionLost(new Error('anything'))).toBe(false);
      expect(connectionLost({ cause: { code: '08006' } })).toBe(true);
    } finally {
      await Promise.all([client.end({ timeout: 1 }), other.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
    }
  });
});
