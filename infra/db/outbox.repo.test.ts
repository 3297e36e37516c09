import { expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import type { Tx } from './client.ts';
import { correctRecord, resendParked } from './outbox-correction.repo.ts';
import { readOutboxGauges } from './outbox-lag.repo.ts';
import { claimBatch, enqueue, recordOutcome, type OutboxRow } from './outbox.repo.ts';
import { syncOutbox } from './tables/outbox.table.ts';
import { caseRecords, projectRecords, stepRecord } from '../sync/sync.fixtures.ts';

const rule = { slaMs: 300_000, ruleVersion: 'A10/1' };
let clockMs = Date.parse('2026-06-01T02:00:00Z');
const tick = () => new Date((clockMs += 1000));

describeEachDatabase('outbox repo', (get) => {
  const claim = (owner: string, limit = 50) => claimBatch(get().db, { owner, now: tick(), leaseMs: 60_000, limit });
  const ack = (rows: OutboxRow[]) =>
    recordOutcome(get().db, { acked: rows.map((row) => ({ row })), parked: [] }, { now: tick(), msgId: 'm', rule });
  const park = (row: OutboxRow, reason: string) =>
    recordOutcome(
      get().db,
      { acked: [], parked: [{ row, code: 'REFUSED', reason }] },
      { now: tick(), msgId: 'm', rule },
    );
  const drain = async () => {
    for (let rows = await claim('drain'); rows.length > 0; rows = await claim('drain')) await ack(rows);
  };

  it("writes rows only when the caller's transaction commits", async () => {
    // given records of project 1
    const records = projectRecords(1, tick());
    // when one transaction rolls back and another commits
    await get()
      .db.transaction(async (tx) => {
        await enqueue(tx as Tx, records);
        tx.rollback();
      })
      .catch(() => undefined);
    await get().db.transaction(async (tx) => enqueue(tx as Tx, records));
    // then only the committed rows exist, pending, in order
    const rows = await get().db.select().from(syncOutbox).orderBy(asc(syncOutbox.id));
    expect(rows.map((r) => [r.dfsjzj, r.status])).toEqual(records.map((r) => [r.dfsjzj, 'PENDING']));
    await drain();
  });

  it("claims one row per key per batch, in order, and never behind another relay's lease", async () => {
    // given a case with three steps
    const now = tick();
    await enqueue(get().db, [
      ...projectRecords(2, now),
      ...caseRecords(2, 0, now),
      stepRecord(2, 0, 0, now),
      stepRecord(2, 0, 1, now),
    ]);
    // when relay A claims and relay B claims after it
    const a = await claim('A');
    const b = await claim('B');
    // then A holds the project row only and B gets nothing of that project until A is done
    expect(a.map((r) => r.dfsjzj)).toEqual(['XM-2304-440402-04-01-000002-001']);
    expect(b).toEqual([]);
    await ack(a);
    const sent: string[] = [];
    for (let rows = await claim('B'); rows.length > 0; rows = await claim('B')) {
      sent.push(...rows.map((r) => r.spglTable));
      await ack(rows);
    }
    expect(sent).toEqual(['SPGL_XMDWXXB', 'SPGL_XMSPSXBLXXB', 'SPGL_XMSPSXBLXXXXB', 'SPGL_XMSPSXBLXXXXB']);
  });

  it("holds a case back until its project's earlier rows are acknowledged", async () => {
    // given a project row leased by relay A and a case of that project enqueued after it
    await enqueue(get().db, projectRecords(3, tick()));
    const project = await claim('A', 1);
    await enqueue(get().db, caseRecords(3, 0, tick()));
    // when relay B claims
    const blocked = await claim('B');
    // then the case waits (only the unit row of the project is also held: same key)
    expect(blocked).toEqual([]);
    await ack(project);
    const unit = await claim('B');
    expect(unit.map((r) => r.dfsjzj)).toEqual(['DW-2304-440402-04-01-000003-001-91440400MA4UXXXX1X-1']);
    await ack(unit);
    const released = await claim('B');
    expect(released.map((r) => r.dfsjzj)).toEqual(['SL-ZH00000003C0']);
    await ack(released);
  });

  it('a parked row holds back later rows of its own case only', async () => {
    // given two cases; the first step of case 0 is refused
    const now = tick();
    await enqueue(get().db, [...projectRecords(4, now), ...caseRecords(4, 0, now), ...caseRecords(4, 1, now)]);
    await drain();
    await enqueue(get().db, [stepRecord(4, 0, 0, now), stepRecord(4, 0, 1, now), stepRecord(4, 1, 0, now)]);
    const first = await claim('A', 1);
    await park(first[0]!, '模拟拒收');
    // when the relay claims again
    const rows = await claim('A');
    // then case 1 flows, case 0 waits
    expect(rows.map((r) => r.dfsjzj)).toEqual(['BL-ZH00000004C1-0']);
    await ack(rows);
    expect(await readOutboxGauges(get().db)).toMatchObject({ backlog: 1, parked: 1 });

    // when the parked row is corrected
    const result = await resendParked(get().db, 'BL-ZH00000004C0-0', {
      now: tick(),
      data: { ...first[0]!.data, BLYJ: '已更正' },
      reason: '办理意见有误',
    });
    // then the new record goes first, then the held step
    expect(result).toMatchObject({ action: 'corrected', dfsjzj: 'BL-ZH00000004C0-0~1' });
    const after = await claim('A');
    expect(after.map((r) => r.dfsjzj)).toEqual(['BL-ZH00000004C0-0~1']);
    expect(after[0]!.data).toMatchObject({ DFSJZJ: 'BL-ZH00000004C0-0~1', SJYXBS: 1, BLYJ: '已更正' });
    await ack(after);
    const held = await claim('A');
    expect(held.map((r) => r.dfsjzj)).toEqual(['BL-ZH00000004C0-1']);
    await ack(held);
    const [old] = await get().db.select().from(syncOutbox).where(eq(syncOutbox.id, first[0]!.id));
    expect(old).toMatchObject({ status: 'SUPERSEDED', sjyxbs: 0, sjwxyy: '办理意见有误', sbyy: '模拟拒收' });
  });

  it('re-queues a parked row as it was when no correction is given', async () => {
    // given a parked case row
    await enqueue(get().db, caseRecords(4, 2, tick()));
    const [row] = await claim('A');
    await park(row!, '暂时拒收');
    // when it is re-sent without data
    const result = await resendParked(get().db, row!.dfsjzj, { now: tick() });
    // then the same record is claimable again
    expect(result).toEqual({ action: 'requeued', id: row!.id });
    expect((await claim('A')).map((r) => r.dfsjzj)).toEqual([row!.dfsjzj]);
    await drain();
  });

  it('corrects a sent record with an invalidation and a new valid record, in order', async () => {
    // given a sent step
    await enqueue(get().db, [stepRecord(4, 1, 1, tick())]);
    await drain();
    // when it is corrected
    const result = await get().db.transaction((tx) =>
      correctRecord(tx as Tx, 'BL-ZH00000004C1-1', {
        data: { ...stepRecord(4, 1, 1, tick()).data, BLR: '李四' },
        reason: '办理人录入错误',
        recordedAt: tick(),
      }),
    );
    // then the old key goes out again marked invalid, then the new key valid
    expect(result).toEqual({ invalidated: 'BL-ZH00000004C1-1', dfsjzj: 'BL-ZH00000004C1-1~1' });
    const rows: OutboxRow[] = [];
    for (let batch = await claim('A'); batch.length > 0; batch = await claim('A')) {
      rows.push(...batch);
      await ack(batch);
    }
    expect(rows.map((r) => [r.dfsjzj, r.op, r.data.SJYXBS, r.data.SJWXYY ?? null])).toEqual([
      ['BL-ZH00000004C1-1', 'UPSERT', 0, '办理人录入错误'],
      ['BL-ZH00000004C1-1~1', 'INSERT', 1, null],
    ]);
  });
});
