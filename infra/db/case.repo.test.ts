import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import type { Tx } from './client.ts';
import { appendCaseEvent, listCaseEvents, verifyCaseChain } from './case.repo.ts';
import { caseEvent, itemCase, project, stageApplication } from './schema.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';

const at = new Date('2026-06-01T02:00:00Z');

describeEachDatabase('case repository', (get) => {
  const seed = async (id: string) => {
    const { db } = get();
    await db.insert(project).values({ code: `P-${id}`, name: '项目', ownerName: '建设单位', ownerUscc: '91440400MA0000000X', regionCode: '440402', flowType: 'SOCIAL_INVEST', createdAt: at });
    await db.insert(stageApplication).values({ id: `A-${id}`, projectCode: `P-${id}`, stageNo: 3, channel: 'window', state: 'SUBMITTED', catalogVersion: '2026.1', regionCode: '440402', leadDepartment: 'ZH_ZJJ', submittedAt: at });
    await db.insert(itemCase).values({ id: `C-${id}`, applicationId: `A-${id}`, projectCode: `P-${id}`, itemCode: 'ZH-S3-03', department: 'ZH_ZJJ', regionCode: '440402', stageNo: 3, state: 'PENDING' });
  };
  const tx = <T>(fn: (t: Tx) => Promise<T>) => get().db.transaction((t) => fn(t as Tx));

  it('appends events with the projection and a verifiable hash chain; a step key writes once', async () => {
    // given a pending case
    await seed('1');
    // when it is accepted twice by the same step (a re-delivered job) and then reviewed
    const first = await tx((t) => appendCaseEvent(t, { aggregateId: 'C-1', aggregate: 'CASE', type: 'ACCEPTED', actor: SYSTEM_ACTOR, businessTime: at, payload: {} }, at, { stepKey: 's1' }));
    const again = await tx((t) => appendCaseEvent(t, { aggregateId: 'C-1', aggregate: 'CASE', type: 'ACCEPTED', actor: SYSTEM_ACTOR, businessTime: at, payload: {} }, at, { stepKey: 's1' }));
    await tx((t) => appendCaseEvent(t, { aggregateId: 'C-1', aggregate: 'CASE', type: 'REVIEW_STARTED', actor: SYSTEM_ACTOR, businessTime: at, payload: { department: 'ZH_ZJJ' } }, at));
    // then one ACCEPTED, BLZT codes, the state projected and the chain verifies
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    const events = await listCaseEvents(get().db, 'C-1');
    expect(events.map((e) => [e.seq, e.type, e.blzt])).toEqual([[1, 'ACCEPTED', 3], [2, 'REVIEW_STARTED', 8]]);
    expect((await get().db.select().from(itemCase).where(eq(itemCase.id, 'C-1')))[0]!.state).toBe('IN_REVIEW');
    expect(await verifyCaseChain(get().db, 'C-1')).toBeNull();
  });

  it('an illegal transition writes nothing', async () => {
    await seed('2');
    await expect(tx((t) => appendCaseEvent(t, { aggregateId: 'C-2', aggregate: 'CASE', type: 'DECIDED', actor: SYSTEM_ACTOR, businessTime: at, payload: { decision: 'APPROVED' } }, at)))
      .rejects.toMatchObject({ code: 'CASE_ILLEGAL_TRANSITION' });
    expect(await listCaseEvents(get().db, 'C-2')).toEqual([]);
    expect((await get().db.select().from(itemCase).where(eq(itemCase.id, 'C-2')))[0]!.state).toBe('PENDING');
  });

  it('the event log refuses UPDATE and DELETE', async () => {
    await seed('3');
    await tx((t) => appendCaseEvent(t, { aggregateId: 'C-3', aggregate: 'CASE', type: 'ACCEPTED', actor: SYSTEM_ACTOR, businessTime: at, payload: {} }, at));
    await expect(get().db.update(caseEvent).set({ type: 'DECIDED' }).where(eq(caseEvent.aggregateId, 'C-3'))).rejects.toThrow();
    await expect(get().db.delete(caseEvent).where(eq(caseEvent.aggregateId, 'C-3'))).rejects.toThrow();
    expect((await listCaseEvents(get().db, 'C-3')).length).toBe(1);
    // and a row altered behind the trigger's back is found by the chain check
    await get().db.execute(sql`alter table case_event disable trigger case_event_no_update`);
    await get().db.update(caseEvent).set({ payload: { forged: true } }).where(eq(caseEvent.aggregateId, 'C-3'));
    await get().db.execute(sql`alter table case_event enable trigger case_event_no_update`);
    expect(await verifyCaseChain(get().db, 'C-3')).toBe(1);
  });
});
