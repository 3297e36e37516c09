import { expect, it } from 'vitest';
import pg from 'pg';
import { describePostgres, TEST_DATABASE_URL } from '../../test/db.ts';
import { connectionLost } from './connection-lost.ts';

describePostgres('a lost database connection, as the driver reports it', () => {
  it('recognises a query cut by a server restart and the client left unusable, and not a query the server refused', async () => {
    // given a connection whose backend is terminated while a query runs (what a restart does), and
    // another connection's query refused by the server
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    client.on('error', () => {});
    await Promise.all([client.connect(), other.connect(), admin.connect()]);
    try {
      const {
        rows: [backend],
      } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      const cut = client.query('select pg_sleep(5)').then(
        () => null,
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('select pg_terminate_backend($1)', [backend!.pid]);
      const afterwards = await client.query('select 1').then(
        () => null,
        (err: unknown) => err,
      );
      const refused = await other.query('select * from no_such_table').then(
        () => null,
        (err: unknown) => err,
      );
      // when each error is classified / then the cut query and the unusable client are lost connections, the refusal is not
      expect(connectionLost(await cut)).toBe(true);
      expect(connectionLost(afterwards)).toBe(true);
      expect(connectionLost(refused)).toBe(false);
      expect(connectionLost(new Error('anything'))).toBe(false);
      expect(connectionLost({ cause: { code: '08006' } })).toBe(true);
    } finally {
      await Promise.all([client.end().catch(() => {}), other.end(), admin.end()]);
    }
  });
});
