import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import type { Database, Tx } from './client.ts';
import { appendAuditIn, createAuditRepo, hashedBody, verifyAuditChain, type AuditRow } from './audit.repo.ts';
import { auditLog } from './schema.ts';
import { chainHash } from '../crypto/chain-hash.ts';
import fc from 'fast-check';

const at = new Date('2026-06-01T08:00:00Z');
const entry = (i: number) => ({
  at: new Date(at.getTime() + i * 1000),
  actorUserId: `u${i}`,
  actorUsername: `user${i}`,
  actorRoles: ['REVIEWER'],
  actorDepartment: 'ZH_ZJJ',
  clientAddress: '10.0.0.1',
  action: 'POST /api/v1/users',
  target: `user:${i}`,
  outcome: '201',
  details: { i, nested: { b: 1, a: [1, 2] } },
});

/** Runs `fn` with the append-only trigger bypassed (replica mode) — what an attacker with DB access does. */
async function tamper(database: Database, fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await fn(tx as Tx);
  });
}
const rowAt = async (database: Database, seq: number): Promise<AuditRow> =>
  (
    await database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} = ${seq}`)
  )[0]!;

describeEachDatabase(
  'audit log',
  (db) => {
    it('appends a gapless hash chain that verifies', async () => {
      // given
      const audit = createAuditRepo(db().db);
      // when
      for (let i = 1; i <= 10; i += 1) await audit.append(entry(i));
      // then
      expect(await verifyAuditChain(db().db)).toEqual({
        ok: true,
        rows: 10,
        headSeq: 10,
        problems: [],
        problemCount: 0,
      });
      const rows = await audit.list({ limit: 3 });
      expect(rows.map((r) => r.seq)).toEqual([10, 9, 8]);
      expect(rows[0]!.prevHash).toBe(rows[1]!.hash);
      expect(rows[0]!.hashAlg).toBe('sm3');
      expect((await audit.list({ limit: 100, actorUsername: 'user3' })).map((r) => r.seq)).toEqual([3]);
      expect((await audit.list({ limit: 2, beforeSeq: 5 })).map((r) => r.seq)).toEqual([4, 3]);
    });

    it('never forks under concurrent appends', async () => {
      // given 30 appends racing (several connections on PostgreSQL)
      const audit = createAuditRepo(db().db);
      await Promise.all(Array.from({ length: 30 }, (_, i) => audit.append(entry(100 + i))));
      // then the chain is still one line
      const report = await verifyAuditChain(db().db);
      expect(report).toMatchObject({ ok: true, rows: 40, headSeq: 40 });
    });

    it('refuses UPDATE and DELETE (append-only trigger)', async () => {
      await expect(db().db.execute(sql`update audit_log set outcome = '200' where seq = 1`)).rejects.toThrow();
      await expect(db().db.execute(sql`delete from audit_log where seq = 1`)).rejects.toThrow();
      expect((await rowAt(db(), 1)).outcome).toBe('201');
    });

    it('finds an altered row', async () => {
      // given row 5 changed behind the trigger's back
      await tamper(db(), (tx) => tx.execute(sql`update audit_log set outcome = '403' where seq = 5`));
      // then
      expect((await verifyAuditChain(db().db)).problem).toMatchObject({ kind: 'ALTERED', seq: 5 });
      // restored, the chain holds again
      await tamper(db(), (tx) => tx.execute(sql`update audit_log set outcome = '201' where seq = 5`));
      expect((await verifyAuditChain(db().db)).ok).toBe(true);
    });

    it('finds a deleted row, in the middle and at the end', async () => {
      for (const seq of [7, 40]) {
        const saved = await rowAt(db(), seq);
        await tamper(db(), (tx) => tx.execute(sql`delete from audit_log where seq = ${seq}`));
        expect((await verifyAuditChain(db().db)).problem).toMatchObject({ kind: 'DELETED', seq });
        await tamper(db(), (tx) => tx.insert(auditLog).values(saved));
        expect((await verifyAuditChain(db().db)).ok).toBe(true);
      }
    });

    it('finds an inserted row: a forged replacement with a valid own hash, and one appended outside the writer', async () => {
      // given row 3 replaced by a forged row that links to row 2 and hashes correctly
      const original = await rowAt(db(), 3);
      const row2 = await rowAt(db(), 2);
      const forgedBody = { ...original, outcome: '200', details: { forged: true }, prevHash: row2.hash };
      const forged = { ...forgedBody, hash: chainHash(row2.hash, hashedBody(forgedBody)) };
      await tamper(db(), async (tx) => {
        await tx.execute(sql`delete from audit_log where seq = 3`);
        await tx.insert(auditLog).values(forged);
      });
      // then the verifier points at it
      expect((await verifyAuditChain(db().db)).problem).toMatchObject({ kind: 'INSERTED', seq: 3 });
      await tamper(db(), async (tx) => {
        await tx.execute(sql`delete from audit_log where seq = 3`);
        await tx.insert(auditLog).values(original);
      });
      expect((await verifyAuditChain(db().db)).ok).toBe(true);

      // given a well-formed row 41 added without moving the chain head
      const last = await rowAt(db(), 40);
      const extraBody = { ...last, seq: 41, prevHash: last.hash, details: { forged: true } };
      await db()
        .db.insert(auditLog)
        .values({ ...extraBody, hash: chainHash(last.hash, hashedBody(extraBody)) });
      // then
      expect((await verifyAuditChain(db().db)).problem).toMatchObject({ kind: 'INSERTED', seq: 41 });
      await tamper(db(), (tx) => tx.execute(sql`delete from audit_log where seq = 41`));
      expect((await verifyAuditChain(db().db)).ok).toBe(true);
    });

    it("an append in the caller's transaction rolls back with it", async () => {
      await expect(
        db().db.transaction(async (tx) => {
          await appendAuditIn(tx as Tx, entry(999));
          throw new Error('business write failed');
        }),
      ).rejects.toThrow('business write failed');
      expect(await verifyAuditChain(db().db)).toMatchObject({ ok: true, headSeq: 40 });
    });

    it('reports every break with its position, not only the first', async () => {
      // given two independent breaks: row 5 altered and row 12 deleted, and a forged row 41 past the head
      const saved = await rowAt(db(), 12);
      await tamper(db(), async (tx) => {
        await tx.execute(sql`update audit_log set outcome = '403' where seq = 5`);
        await tx.execute(sql`delete from audit_log where seq = 12`);
      });
      // when
      const report = await verifyAuditChain(db().db, { batch: 7 });
      // then both are listed, in order, and the walk went on to the end
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
        ['ALTERED', 5],
        ['DELETED', 12],
      ]);
      expect(report.problemCount).toBe(2);
      expect(report.rows).toBe(39);
      await tamper(db(), async (tx) => {
        await tx.execute(sql`update audit_log set outcome = '201' where seq = 5`);
        await tx.insert(auditLog).values(saved);
      });
      expect((await verifyAuditChain(db().db)).ok).toBe(true);
    });

    it('stores text PostgreSQL cannot hold as given (NUL, lone surrogates) in its storable form, and the chain verifies', async () => {
      // given an entry with a lone surrogate and a NUL in text columns, in a details value and in a details key
      const audit = createAuditRepo(db().db);
      const row = await audit.append({
        ...entry(50),
        actorUsername: 'x\ud800',
        actorDepartment: '\ufeffZH',
        target: 'a\u0000b',
        details: { name: 'y\udc00z', 'k\ud800': ['\u0000'], ok: '𠮷', bom: '\ufeffx' },
      });
      // then what was hashed is what the database gives back: U+FFFD where the text had no UTF-8 form,
      // and for a leading byte-order mark in a text column (which PGlite drops when reading)
      const stored = await rowAt(db(), row.seq);
      expect(stored.actorUsername).toBe('x\ufffd');
      expect(stored.actorDepartment).toBe('\ufffdZH');
      expect(stored.target).toBe('a\ufffdb');
      expect(stored.details).toEqual({ name: 'y\ufffdz', 'k\ufffd': ['\ufffd'], ok: '𠮷', bom: '\ufffdx' });
      expect(stored.hash).toBe(row.hash);
      expect((await verifyAuditChain(db().db)).ok).toBe(true);
    });

    it('verifies after appending any text and any JSON details (property)', async () => {
      const audit = createAuditRepo(db().db);
      const anyText = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: fc.constantFrom('\ufeff', '\u0000', '\ud800', 'a', '珠'), maxLength: 4 }),
      );
      await fc.assert(
        fc.asyncProperty(
          anyText,
          anyText,
          fc.jsonValue({ maxDepth: 3 }),
          fc.dictionary(anyText, anyText, { maxKeys: 3 }),
          async (username, target, value, map) => {
            await audit.append({ ...entry(60), actorUsername: username, target, details: { value, map } });
          },
        ),
        { numRuns: 40 },
      );
      expect((await verifyAuditChain(db().db)).ok).toBe(true);
    });
  },
  { poolSize: 8 },
);

describe('audit hash encoding', () => {
  it('is the one every row since the first was written with (old rows verify as they are)', () => {
    // given a row as the first version of the writer hashed it (values computed with that code)
    const body = {
      seq: 1,
      at: new Date('2026-06-01T08:00:00.000Z'),
      actorUserId: 'u1',
      actorUsername: '审计员',
      actorRoles: ['AUDIT_ADMIN'],
      actorDepartment: 'PLATFORM',
      clientAddress: '10.0.0.1',
      action: 'POST /api/v1/auth/login',
      target: 'user:u1',
      outcome: '200',
      details: { b: [1, 2.5, null], a: { é: '𠮷' } },
      hashAlg: 'sm3',
    };
    // then today's encoding gives the same hashes
    expect(chainHash('', hashedBody(body), 'sm3')).toBe(
      '16ad0033539705e28fab3537cdac6a61b3d5f981be738911d6a2964229e5098b',
    );
    expect(chainHash('abc', hashedBody({ ...body, hashAlg: 'sha256' }), 'sha256')).toBe(
      'ff43e17bffd67cd0e33b7f34521cff2ef484942ea269957e43a0b5d42686071e',
    );
  });
});

describe('audit hashed body', () => {
  it('covers every column but the hashes', () => {
    const keys = Object.keys(hashedBody({} as AuditRow)).sort();
    const columns = Object.keys(auditLog)
      .filter(
        (k) =>
          !['prevHash', 'hash', 'enableRLS'].includes(k) &&
          typeof (auditLog as unknown as Record<string, unknown>)[k] === 'object',
      )
      .sort();
    expect(keys).toEqual(columns);
  });
});

describeEachDatabase('audit chain verification on a live system', (db) => {
  it('verifies a chain that grows while it is walked: what came after its snapshot is not a break', async () => {
    // given appends racing a verification that walks in small pages
    const audit = createAuditRepo(db().db);
    const before = (await verifyAuditChain(db().db)).rows;
    const appends = Promise.all(Array.from({ length: 40 }, (_, i) => audit.append(entry(200 + i))));
    const reports = [];
    for (let i = 0; i < 5; i += 1) reports.push(await verifyAuditChain(db().db, { batch: 3 }));
    await appends;
    // then every walk is whole and sound, and the last one sees everything
    for (const r of reports) expect(r).toMatchObject({ ok: true, problemCount: 0 });
    expect(await verifyAuditChain(db().db)).toMatchObject({ ok: true, rows: before + 40 });
  });
});
