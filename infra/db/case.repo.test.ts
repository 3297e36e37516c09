import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import type { Tx } from './client.ts';
import { appendCaseEvent, listCaseEvents, loadCaseProjection, verifyCaseChain } from './case.repo.ts';
import { nextCaseNumber } from './case-rows.repo.ts';
import { getCatalog, loadCatalog } from './catalog.repo.ts';
import { caseEvent, itemCase, project, stageApplication } from './schema.ts';
import { SYSTEM_ACTOR, type CaseEvent, type CaseEventType } from '../../domain/case/case-event.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';

const at = new Date('2026-06-01T02:00:00Z');
const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' };
const onCase = (id: string, type: CaseEventType, payload: Record<string, unknown> = {}): CaseEvent => ({
  aggregateId: `C-${id}`,
  aggregate: 'CASE',
  type,
  actor: SYSTEM_ACTOR,
  businessTime: at,
  payload,
});
const onApplication = (id: string, type: CaseEventType, payload: Record<string, unknown> = {}): CaseEvent => ({
  aggregateId: `A-${id}`,
  aggregate: 'APPLICATION',
  type,
  actor: window,
  businessTime: at,
  payload,
  clientIp: '10.1.2.3',
});
const accepted = (id: string) => ({ caseNumber: `ZH20260601${id.padStart(5, '0')}` });

describeEachDatabase('case repository', (get) => {
  const seed = async (id: string, catalogVersion = '2026.1') => {
    const { db } = get();
    await db.insert(project).values({
      code: `P-${id}`,
      name: '项目',
      ownerName: '建设单位',
      ownerUscc: '91440400MA0000000X',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      createdAt: at,
    });
    await db.insert(stageApplication).values({
      id: `A-${id}`,
      projectCode: `P-${id}`,
      stageNo: 3,
      channel: 'window',
      state: 'SUBMITTED',
      catalogVersion,
      regionCode: '440402',
      leadDepartment: 'ZH_ZJJ',
      submittedAt: at,
    });
    await db.insert(itemCase).values({
      id: `C-${id}`,
      applicationId: `A-${id}`,
      projectCode: `P-${id}`,
      itemCode: 'ZH-S3-03',
      department: 'ZH_ZJJ',
      regionCode: '440402',
      stageNo: 3,
      state: 'PENDING',
    });
  };
  const tx = <T>(fn: (t: Tx) => Promise<T>) => get().db.transaction((t) => fn(t as Tx));
  const caseRow = async (id: string) =>
    (
      await get()
        .db.select()
        .from(itemCase)
        .where(eq(itemCase.id, `C-${id}`))
    )[0]!;

  it('appends events with the projection in one transaction and a verifiable hash chain; a step key writes once', async () => {
    // given a pending case
    await seed('1');
    // when it is accepted twice by the same step (a re-delivered job) and then reviewed
    const first = await tx((t) => appendCaseEvent(t, onCase('1', 'ACCEPTED', accepted('1')), at, { stepKey: 's1' }));
    const again = await tx((t) => appendCaseEvent(t, onCase('1', 'ACCEPTED', accepted('1')), at, { stepKey: 's1' }));
    await appendCaseEvent(get().db, onCase('1', 'REVIEW_STARTED', { department: 'ZH_ZJJ' }), at);
    // then one ACCEPTED, BLZT codes, the projection columns written and the chain verifies
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, state: 'ACCEPTED', event: { seq: 1 } });
    const events = await listCaseEvents(get().db, 'C-1');
    expect(events.map((e) => [e.seq, e.type, e.blzt])).toEqual([
      [1, 'ACCEPTED', 3],
      [2, 'REVIEW_STARTED', 8],
    ]);
    expect(await caseRow('1')).toMatchObject({
      state: 'IN_REVIEW',
      caseNumber: 'ZH2026060100001',
      acceptedAt: at,
      lastSeq: 2,
      lastHash: events[1]!.hash,
      catalogVersion: '2026.1',
    });
    expect(await loadCaseProjection(get().db, 'CASE', 'C-1')).toMatchObject({
      state: 'IN_REVIEW',
      seq: 2,
      caseNumber: 'ZH2026060100001',
    });
    expect(await verifyCaseChain(get().db, 'C-1')).toBeNull();
  });

  it("composes with the caller's transaction: a later failure of the caller rolls the event back", async () => {
    // given a pending case
    await seed('2');
    // when the caller appends and then fails in the same transaction
    await expect(
      tx(async (t) => {
        await appendCaseEvent(t, onCase('2', 'ACCEPTED', accepted('2')), at);
        throw new Error('outbox write failed');
      }),
    ).rejects.toThrow('outbox write failed');
    // then neither the event nor the projection is there
    expect(await listCaseEvents(get().db, 'C-2')).toEqual([]);
    expect(await caseRow('2')).toMatchObject({ state: 'PENDING', lastSeq: 0, caseNumber: null });
  });

  it("a refused transition writes nothing, and the caller's transaction can go on", async () => {
    // given a pending case
    await seed('3');
    // when an illegal decision, then an acceptance without case number, then a valid acceptance are tried in one transaction
    const codes = await tx(async (t) => {
      const refused = await Promise.allSettled([
        appendCaseEvent(t, onCase('3', 'DECIDED', { decision: 'APPROVED' }), at),
      ]);
      const invalid = await Promise.allSettled([appendCaseEvent(t, onCase('3', 'ACCEPTED'), at)]);
      await appendCaseEvent(t, onCase('3', 'ACCEPTED', accepted('3')), at);
      return [refused, invalid].map(([r]) => (r!.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    });
    // then the refusals carry their codes and only the valid event is stored
    expect(codes).toEqual(['CASE_ILLEGAL_TRANSITION', 'CASE_PAYLOAD_INVALID']);
    expect((await listCaseEvents(get().db, 'C-3')).map((e) => [e.seq, e.type])).toEqual([[1, 'ACCEPTED']]);
    expect(await verifyCaseChain(get().db, 'C-3')).toBeNull();
  });

  it('optimistic concurrency: an append expecting a stale seq is refused', async () => {
    // given a case accepted (seq 1)
    await seed('4');
    await appendCaseEvent(get().db, onCase('4', 'ACCEPTED', accepted('4')), at, { expectedSeq: 0 });
    // when a writer that last saw seq 0 appends
    // then CASE_CONCURRENT_MODIFICATION and nothing written
    await expect(
      appendCaseEvent(get().db, onCase('4', 'REVIEW_STARTED'), at, { expectedSeq: 0 }),
    ).rejects.toMatchObject({ code: 'CASE_CONCURRENT_MODIFICATION' });
    await appendCaseEvent(get().db, onCase('4', 'REVIEW_STARTED'), at, { expectedSeq: 1 });
    expect((await listCaseEvents(get().db, 'C-4')).length).toBe(2);
    // and the database refuses a second event with the same seq
    const [row] = await get().db.select().from(caseEvent).where(eq(caseEvent.aggregateId, 'C-4'));
    const { id: _id, ...copy } = row!;
    await expect(get().db.insert(caseEvent).values(copy)).rejects.toThrow();
  });

  it("the event log refuses UPDATE and DELETE; a row altered behind the trigger's back breaks the chain", async () => {
    // given an accepted case
    await seed('5');
    await appendCaseEvent(get().db, onCase('5', 'ACCEPTED', accepted('5')), at);
    // when the row is updated or deleted
    // then the trigger refuses both
    await expect(
      get().db.update(caseEvent).set({ type: 'DECIDED' }).where(eq(caseEvent.aggregateId, 'C-5')),
    ).rejects.toThrow();
    await expect(get().db.delete(caseEvent).where(eq(caseEvent.aggregateId, 'C-5'))).rejects.toThrow();
    expect((await listCaseEvents(get().db, 'C-5')).length).toBe(1);
    await get().db.execute(sql`alter table case_event disable trigger case_event_no_update`);
    await get()
      .db.update(caseEvent)
      .set({ payload: { caseNumber: 'ZH2026060199999' } })
      .where(eq(caseEvent.aggregateId, 'C-5'));
    await get().db.execute(sql`alter table case_event enable trigger case_event_no_update`);
    expect(await verifyCaseChain(get().db, 'C-5')).toBe(1);
  });

  it('an application: the client address is kept and hashed; a second notice naming a new material writes nothing', async () => {
    // given a submitted application whose check found M102 missing and whose notice went out
    await seed('6');
    for (const [type, payload] of [
      ['SUBMITTED', { channel: 'window', items: ['ZH-S3-03'] }],
      ['PRECHECKED', { missing: ['M102'] }],
      ['SUPPLEMENT_NOTICE', { missing: ['M102'] }],
      ['SUPPLEMENT_RECEIVED', { materials: ['M102'] }],
      ['PRECHECKED', { missing: ['M104'] }],
    ] as const)
      await appendCaseEvent(get().db, onApplication('6', type, payload), at);
    // when a second notice names M104, which the first left out
    await expect(
      appendCaseEvent(get().db, onApplication('6', 'SUPPLEMENT_NOTICE', { missing: ['M104'] }), at),
    ).rejects.toMatchObject({ code: 'CASE_NOTICE_NOT_ONE_TIME' });
    // then nothing was written, and the events so far verify with their client address
    const events = await listCaseEvents(get().db, 'A-6');
    expect(events.map((e) => [e.type, e.blzt])).toEqual([
      ['SUBMITTED', 1],
      ['PRECHECKED', null],
      ['SUPPLEMENT_NOTICE', 6],
      ['SUPPLEMENT_RECEIVED', 7],
      ['PRECHECKED', null],
    ]);
    expect(events[0]!.clientIp).toBe('10.1.2.3');
    expect((await get().db.select().from(stageApplication).where(eq(stageApplication.id, 'A-6')))[0]!.state).toBe(
      'SUBMITTED',
    );
    expect(await verifyCaseChain(get().db, 'A-6')).toBeNull();
  });

  it('refuses a business time in the future of the record time', async () => {
    // given / when / then
    await seed('7');
    await expect(
      appendCaseEvent(
        get().db,
        { ...onCase('7', 'ACCEPTED', accepted('7')), businessTime: new Date(at.getTime() + 3_600_000) },
        at,
      ),
    ).rejects.toMatchObject({ code: 'CASE_BUSINESS_TIME' });
    expect(await listCaseEvents(get().db, 'C-7')).toEqual([]);
  });

  it('a case keeps the catalogue version of its application, which a later version does not change', async () => {
    // given version 2026.1 loaded, a case accepted under it, then 2026.2 with another limit
    const { db } = get();
    await loadCatalog(db, ZHUHAI_CATALOG);
    await seed('8');
    const next = structuredClone(ZHUHAI_CATALOG);
    next.version = '2026.2';
    next.stages[2]!.items[2]!.promised.days = 1;
    await loadCatalog(db, next);
    // when the case's catalogue is read
    const pinned = await getCatalog(db, (await caseRow('8')).catalogVersion!);
    // then it is 2026.1 with the old limit; re-pinning the case or its application is refused
    expect(pinned.stages[2]!.items[2]!).toMatchObject({ code: 'ZH-S3-03', promised: { days: 2, unit: 'WD' } });
    await expect(db.update(itemCase).set({ catalogVersion: '2026.2' }).where(eq(itemCase.id, 'C-8'))).rejects.toThrow();
    await expect(
      db.update(stageApplication).set({ catalogVersion: '2026.2' }).where(eq(stageApplication.id, 'A-8')),
    ).rejects.toThrow();
    await expect(
      db.insert(itemCase).values({
        id: 'C-8b',
        applicationId: 'A-8',
        projectCode: 'P-8',
        itemCode: 'ZH-S3-04',
        department: 'ZH_CGJ',
        regionCode: '440402',
        stageNo: 3,
        state: 'PENDING',
        catalogVersion: '2026.2',
      }),
    ).rejects.toThrow();
  });

  it('numbers cases per Shanghai day', async () => {
    // given / when
    const day1 = [
      await nextCaseNumber(get().db, new Date('2026-11-27T16:30:00Z')),
      await nextCaseNumber(get().db, new Date('2026-11-28T09:00:00Z')),
    ];
    const day2 = await tx((t) => nextCaseNumber(t, new Date('2026-11-29T01:00:00Z')));
    // then the serial counts within the day and starts again the next
    expect(day1).toEqual(['ZH2026112800001', 'ZH2026112800002']);
    expect(day2).toBe('ZH2026112900001');
  });
});
