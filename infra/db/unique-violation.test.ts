import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { uniqueViolation } from './unique-violation.ts';

describeEachDatabase('unique violation', (db) => {
  it('is recognised from the driver error, wrapped or not, with table and key columns', async () => {
    // given a row, and the same key again (an expression index: lower(username))
    const insert = (id: string, username: string) =>
      db().db.execute(sql`
      insert into user_account (id, username, display_name, roles, permissions, department_code, region_code, password_hash, password_changed_at, created_at, updated_at)
      values (${id}, ${username}, 'x', '[]', '[]', 'ZH_ZJJ', '440400', 'h', now(), now(), now())`);
    await insert('u1', 'Same.Name');
    // when
    const err = await insert('u2', 'same.name').then(
      () => null,
      (e: unknown) => e,
    );
    // then
    expect(uniqueViolation(err)).toEqual({
      table: 'user_account',
      constraint: 'user_account_username',
      columns: ['username'],
    });
    expect(uniqueViolation({ cause: { cause: err } })).toMatchObject({ table: 'user_account' });
    expect(uniqueViolation(new Error('other'))).toBeNull();
  });
});
