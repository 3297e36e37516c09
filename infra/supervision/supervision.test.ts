import { beforeAll, expect, it } from 'vitest';
import type { Tx } from '../db/client.ts';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describeEachDatabase } from '../../test/db.ts';
import { appendCaseEvent } from '../db/case.repo.ts';
import { loadCatalog } from '../db/catalog.repo.ts';
import { anomalyFlag, completionCheck, flagTransition, itemCase, project, stageApplication } from '../db/schema.ts';
import { ManualClock } from '../clock.ts';
import type { CaseEventType } from '../../domain/case/case-event.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../../domain/catalog/catalog-index.ts';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { createDetector } from './detector.ts';
import { listFlags, transitionFlag } from './flag.repo.ts';
import { createCompletionGuard, issueOverrideCode } from './completion-guard.ts';
import { currentOverrides, setParameters } from './rule-parameter.repo.ts';

const catalog = indexCatalog(ZHUHAI_CATALOG);
const calendars = createCalendars([]);
const t0 = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
const min = (n: number) => new Date(t0.getTime() + n * 60_000);
const reviewer = { userId: 'rev1', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };

describeEachDatabase('electronic supervision', (get) => {
  const clock = new ManualClock(min(0));
  beforeAll(async () => { await loadCatalog(get().db, ZHUHAI_CATALOG); });

  const seed = async (id: string, regionCode = '440402', catalogVersion = ZHUHAI_CATALOG.version) => {
    const { db } = get();
    await db.insert(project).values({ code: `P-${id}`, name: '项目', ownerName: '建设单位', ownerUscc: '91440400MA0000000X', regionCode, flowType: 'SOCIAL_INVEST', createdAt: t0 });
    await db.insert(stageApplication).values({ id: `A-${id}`, projectCode: `P-${id}`, stageNo: 3, channel: 'window', state: 'SUBMITTED', catalogVersion, regionCode, leadDepartment: 'ZH_ZJJ', submittedAt: t0 });
    await db.insert(itemCase).values({ id: `C-${id}`, applicationId: `A-${id}`, projectCode: `P-${id}`, itemCode: 'ZH-S3-03', department: 'ZH_ZJJ', regionCode, stageNo: 3, state: 'PENDING' });
  };
  const append = (id: string, type: CaseEventType, at: Date, payload: Record<string, unknown> = {}) =>
    appendCaseEvent(get().db, { aggregateId: `C-${id}`, aggregate: 'CASE', type, actor: reviewer, businessTime: at, payload }, at);
  const handle = async (id: string, decideAfterMin: number) => {
    await seed(id);
    await append(id, 'ACCEPTED', min(0), { caseNumber: `ZH2026110200${id.padStart(3, '0')}` });
    await append(id, 'REVIEW_STARTED', min(1), { department: 'ZH_ZJJ' });
    await append(id, 'OPINION_RECORDED', min(decideAfterMin - 1), { opinion: '经审查,材料齐全,符合法定条件,同意' });
    await append(id, 'DECIDED', min(decideAfterMin), { decision: 'APPROVED' });
    await append(id, 'RESULT_ISSUED', min(decideAfterMin + 1), { title: '施工许可证', docNumber: `珠建〔2026〕${id}号`, certificateId: `EC-${id}` });
  };
  const detector = () => createDetector({ database: get(), catalog, calendars, clock, logger: pino({ level: 'silent' }) });

  it('flags a case decided 5 minutes after acceptance, once, with evidence and parameters; a 3-hour case raises nothing', async () => {
    // given a case decided after 5 minutes and one after 3 hours
    await handle('1', 5);
    await handle('2', 180);
    clock.set(min(240));
    // when the detector runs twice
    const first = await detector().runOnce();
    const second = await detector().runOnce();
    // then one A1 flag on C-1 only, and the second run saw nothing new
    const flags = await listFlags(get().db, {});
    expect(flags.map((f) => [f.rule, f.caseId, f.key, f.status])).toEqual([['A1', 'C-1', 'case', 'OPEN']]);
    expect(flags[0]).toMatchObject({ ruleVersion: 1, evidenceSeqs: [1, 4], params: { min_case_dwell_s: 600 }, regionCode: '440402', department: 'ZH_ZJJ', source: 'detector' });
    expect(first).toMatchObject({ cases: 2, newFlags: 1 });
    expect(second).toMatchObject({ cases: 0, newFlags: 0 });
    // and the nightly batch over everything records nothing twice
    expect(await detector().runNightly()).toMatchObject({ cases: 2, newFlags: 0 });
  });

  it('moves a flag OPEN → EXPLAINED → CONFIRMED with history; a bare status update and a delete are refused', async () => {
    // given the A1 flag of C-1
    const [flag] = await listFlags(get().db, { caseId: 'C-1' });
    // when the department explains and a supervisor confirms
    await transitionFlag(get(), { id: flag!.id, to: 'EXPLAINED', by: 'DEPARTMENT', actor: { userId: 'rev1', role: 'REVIEWER' }, note: '现场已完成审查,系统补录', at: min(300) });
    const confirmed = await transitionFlag(get(), { id: flag!.id, to: 'CONFIRMED', by: 'SUPERVISOR', actor: { userId: 'sup1', role: 'SUPERVISOR' }, note: '确认为秒办件', at: min(301) });
    // then the status and two history rows
    expect(confirmed.status).toBe('CONFIRMED');
    const history = await get().db.select().from(flagTransition).where(eq(flagTransition.flagId, flag!.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorUserId])).toEqual([['OPEN', 'EXPLAINED', 'rev1'], ['EXPLAINED', 'CONFIRMED', 'sup1']]);
    // and a final flag cannot move, a status without history, a delete or a history edit are refused
    await expect(transitionFlag(get(), { id: flag!.id, to: 'DISMISSED', by: 'SUPERVISOR', actor: { userId: 'sup1', role: 'SUPERVISOR' }, note: '撤回', at: min(302) })).rejects.toMatchObject({ code: 'FLAG_ILLEGAL_TRANSITION' });
    await expect(get().db.update(anomalyFlag).set({ status: 'DISMISSED' }).where(eq(anomalyFlag.id, flag!.id))).rejects.toThrow();
    await expect(get().db.update(anomalyFlag).set({ message: 'x' }).where(eq(anomalyFlag.id, flag!.id))).rejects.toThrow();
    await expect(get().db.delete(anomalyFlag).where(eq(anomalyFlag.id, flag!.id))).rejects.toThrow();
    await expect(get().db.execute(sql`delete from flag_transition`)).rejects.toThrow();
  });

  it('refuses a decision 3 minutes after acceptance, accepts it with a one-time supervisor code, and records every check', async () => {
    // given a case accepted at t0
    await seed('3');
    await append('3', 'ACCEPTED', min(0), { caseNumber: 'ZH2026110200003' });
    const guard = createCompletionGuard(get(), clock);
    const decide = async (input: Parameters<typeof guard.check>[0]) => {
      const pass = await guard.check(input);
      await get().db.transaction((tx) => pass.commit(tx as Tx));
      return pass.outcome;
    };
    // when the decision comes 3 minutes later without a code
    await expect(guard.check({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(3) })).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING', details: { field: 'body.override', dwellSeconds: 180, minSeconds: 600 } });
    // and with a made-up code
    await expect(guard.check({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(3), override: { code: 'NOPE', reason: '领导现场已审核' } })).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    // then with a code a supervisor issued for this case it passes, once
    const { code } = await issueOverrideCode(get(), { caseId: 'C-3', supervisorId: 'sup1', reason: '应急抢险项目,当场审批', now: min(2) });
    // (a decision that fails after the check spends nothing: the code is good for the next attempt)
    const pass = await guard.check({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(3), override: { code, reason: '应急抢险项目当场审批' } });
    await expect(get().db.transaction(async (tx) => { await pass.commit(tx as Tx); throw new Error('the engine refused the completion'); })).rejects.toThrow('the engine refused');
    expect(await decide({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(3), override: { code, reason: '应急抢险项目当场审批' } })).toBe('OVERRIDDEN');
    await expect(guard.check({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(4), override: { code, reason: '应急抢险项目当场审批' } })).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    // and 15 minutes after acceptance no code is needed
    expect(await decide({ caseId: 'C-3', actor: { userId: 'head1' }, at: min(15) })).toBe('PASSED');
    const checks = await get().db.select().from(completionCheck).where(eq(completionCheck.caseId, 'C-3')).orderBy(completionCheck.id);
    expect(checks.map((c) => c.outcome)).toEqual(['REFUSED', 'REFUSED', 'OVERRIDDEN', 'REFUSED', 'PASSED']);
    // and the overridden decision is a flag for supervisors to review
    expect((await listFlags(get().db, { caseId: 'C-3' })).map((f) => [f.rule, f.source])).toEqual([['A1', 'guard']]);
  });

  it('judges a case against the catalogue version it was filed under, not today\'s', async () => {
    // given an earlier catalogue in which ZH-S3-03 belonged to 自然资源局, and one case filed under each version
    const earlier = structuredClone(ZHUHAI_CATALOG);
    earlier.version = '2025.9';
    const moved = earlier.stages.flatMap((s) => s.items).find((i) => i.code === 'ZH-S3-03')!;
    moved.department = 'ZH_ZRZYJ';
    await loadCatalog(get().db, earlier);
    await seed('old', '440402', '2025.9');
    await seed('new');
    // when 自然资源局 reviews both
    const zrzyj = { userId: 'rev9', role: 'REVIEWER', departmentCode: 'ZH_ZRZYJ' };
    for (const id of ['old', 'new']) {
      await append(id, 'ACCEPTED', min(0), { caseNumber: id === 'old' ? 'ZH2026110200901' : 'ZH2026110200902' });
      await appendCaseEvent(get().db, { aggregateId: `C-${id}`, aggregate: 'CASE', type: 'REVIEW_STARTED', actor: zrzyj, businessTime: min(30), payload: { department: 'ZH_ZRZYJ' } }, min(30));
    }
    clock.set(min(600));
    await detector().runOnce();
    // then only the case filed under today's catalogue (where 住建局 implements the item) deviates (P1)
    expect((await listFlags(get().db, { caseId: 'C-old' })).map((f) => f.rule)).not.toContain('P1');
    expect((await listFlags(get().db, { caseId: 'C-new' })).map((f) => f.rule)).toContain('P1');
  });

  it('uses the parameters configured in rule_parameter: a per-item override lets a 3-minute decision through, other items keep the default', async () => {
    // given a case accepted at t0 and an A1 override of 120 s for its item
    await seed('p1');
    await append('p1', 'ACCEPTED', min(0), { caseNumber: 'ZH2026110200951' });
    const guard = createCompletionGuard(get(), clock);
    await expect(guard.check({ caseId: 'C-p1', actor: { userId: 'head1' }, at: min(3) })).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    await setParameters(get().db, { rule: 'A1', scope: 'ZH-S3-03', params: { min_case_dwell_s: 120 }, setBy: 'sup1', reason: '即来即办试点', setAt: min(1) });
    // then the same decision passes, and the rows cannot be rewritten
    expect(await guard.check({ caseId: 'C-p1', actor: { userId: 'head1' }, at: min(3) })).toMatchObject({ outcome: 'PASSED' });
    expect((await currentOverrides(get().db)).overrides.items?.['ZH-S3-03']?.A1).toEqual({ min_case_dwell_s: 120 });
    await expect(get().db.execute(sql`update rule_parameter set reason = 'x'`)).rejects.toThrow();
    await expect(get().db.execute(sql`delete from rule_parameter`)).rejects.toThrow();
  });
});
