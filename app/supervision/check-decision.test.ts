import { beforeAll, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { supervisionCases } from '../../test/supervision-cases.ts';
import { actor } from '../../test/app-fixture.ts';
import type { Tx } from '../../infra/db/client.ts';
import { ManualClock } from '../../infra/clock.ts';
import { loadCatalog } from '../../infra/db/catalog.repo.ts';
import { completionCheck } from '../../infra/db/schema.ts';
import { createStore } from '../../infra/db/store.ts';
import { nodeSecrets } from '../../infra/crypto/secrets.ts';
import { listFlags } from '../../infra/supervision/flag.repo.ts';
import { createSupervisionRepository } from '../../infra/supervision/supervision.repo.ts';
import { createDecisionChecks } from '../../infra/supervision/decision-checks.repo.ts';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import type { StoreTransaction } from '../../domain/ports/store.port.ts';
import { createCheckDecision } from './check-decision.ts';
import { createIssueOverrideCode } from './issue-override-code.ts';

const t0 = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
const min = (n: number) => new Date(t0.getTime() + n * 60_000);
const head = actor(['DEPT_HEAD'], { userId: 'head1', departmentCode: 'ZH_ZJJ' });
const supervisor = actor(['SUPERVISOR'], { userId: 'sup1', departmentCode: 'ZH_GGB' });

describeEachDatabase('A1 at decision time (use case)', (get) => {
  const clock = new ManualClock(min(0));
  const { seed, append } = supervisionCases(get, t0);
  const deps = () => {
    const store = createStore({ database: get(), calendars: createCalendars([]) });
    return {
      store,
      supervision: createSupervisionRepository(get().db),
      checks: createDecisionChecks(get().db),
      secrets: nodeSecrets,
      clock,
    };
  };
  const inTx = <T>(fn: (tx: StoreTransaction) => Promise<T>) =>
    get().db.transaction((tx) => fn(tx as Tx as unknown as StoreTransaction));
  beforeAll(async () => {
    await loadCatalog(get().db, ZHUHAI_CATALOG);
  });

  it('refuses a decision 3 minutes after acceptance, accepts it with a one-time supervisor code, and records every check', async () => {
    // given a case accepted at t0
    await seed('3');
    await append('3', 'ACCEPTED', min(0), { caseNumber: 'ZH2026110200003' });
    const guard = createCheckDecision(deps());
    const decide = async (input: Parameters<typeof guard.check>[0]) => {
      const pass = await guard.check(input);
      await inTx((tx) => pass.commit(tx));
      return pass.outcome;
    };
    // when the decision comes 3 minutes later without a code
    await expect(guard.check({ caseId: 'C-3', actor: head, at: min(3) })).rejects.toMatchObject({
      code: 'ANOMALY_A1_SECONDS_HANDLING',
      details: { field: 'body.override', dwellSeconds: 180, minSeconds: 600 },
    });
    // and with a made-up code
    await expect(
      guard.check({ caseId: 'C-3', actor: head, at: min(3), override: { code: 'NOPE', reason: '领导现场已审核' } }),
    ).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    // then with a code a supervisor issued for this case it passes, once
    clock.set(min(2));
    const { code } = await createIssueOverrideCode(deps())(supervisor, 'C-3', '应急抢险项目,当场审批');
    // (a decision that fails after the check spends nothing: the code is good for the next attempt)
    const pass = await guard.check({
      caseId: 'C-3',
      actor: head,
      at: min(3),
      override: { code, reason: '应急抢险项目当场审批' },
    });
    await expect(
      inTx(async (tx) => {
        await pass.commit(tx);
        throw new Error('the engine refused the completion');
      }),
    ).rejects.toThrow('the engine refused');
    expect(
      await decide({ caseId: 'C-3', actor: head, at: min(3), override: { code, reason: '应急抢险项目当场审批' } }),
    ).toBe('OVERRIDDEN');
    await expect(
      guard.check({ caseId: 'C-3', actor: head, at: min(4), override: { code, reason: '应急抢险项目当场审批' } }),
    ).rejects.toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    // and 15 minutes after acceptance no code is needed
    expect(await decide({ caseId: 'C-3', actor: head, at: min(15) })).toBe('PASSED');
    const checks = await get()
      .db.select()
      .from(completionCheck)
      .where(eq(completionCheck.caseId, 'C-3'))
      .orderBy(completionCheck.id);
    expect(checks.map((c) => c.outcome)).toEqual(['REFUSED', 'REFUSED', 'OVERRIDDEN', 'REFUSED', 'PASSED']);
    // and the overridden decision is a flag for supervisors to review
    expect((await listFlags(get().db, { caseId: 'C-3' })).map((f) => [f.rule, f.source])).toEqual([['A1', 'guard']]);
  });

  it("refuses an override code without a reason, or for a case outside the supervisor's district", async () => {
    await seed('4', '440402');
    const district = actor(['SUPERVISOR'], { userId: 'sup-dm', departmentCode: 'DM_GGB', regionCode: '440403' });
    await expect(createIssueOverrideCode(deps())(supervisor, 'C-4', '急')).rejects.toMatchObject({
      code: 'OVERRIDE_REASON_REQUIRED',
      details: { field: 'body.reason' },
    });
    await expect(createIssueOverrideCode(deps())(district, 'C-4', '应急抢险项目')).rejects.toMatchObject({
      code: 'CASE_NOT_FOUND',
      details: { field: 'params.caseId' },
    });
    await expect(createIssueOverrideCode(deps())(head, 'C-4', '应急抢险项目')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('uses the parameters configured in rule_parameter: a per-item override lets a 3-minute decision through, other items keep the default', async () => {
    // given a case accepted at t0 and an A1 override of 120 s for its item
    await seed('p1');
    await append('p1', 'ACCEPTED', min(0), { caseNumber: 'ZH2026110200951' });
    const guard = createCheckDecision(deps());
    const supervision = createSupervisionRepository(get().db);
    await expect(guard.check({ caseId: 'C-p1', actor: head, at: min(3) })).rejects.toMatchObject({
      code: 'ANOMALY_A1_SECONDS_HANDLING',
    });
    await supervision.setParameters({
      rule: 'A1',
      scope: 'ZH-S3-03',
      params: { min_case_dwell_s: 120 },
      setBy: 'sup1',
      reason: '即来即办试点',
      setAt: min(1),
    });
    // then the same decision passes, and the rows cannot be rewritten
    expect(await guard.check({ caseId: 'C-p1', actor: head, at: min(3) })).toMatchObject({ outcome: 'PASSED' });
    expect((await supervision.currentOverrides()).overrides.items?.['ZH-S3-03']?.A1).toEqual({ min_case_dwell_s: 120 });
    await expect(get().db.execute(sql`update rule_parameter set reason = 'x'`)).rejects.toThrow();
    await expect(get().db.execute(sql`delete from rule_parameter`)).rejects.toThrow();
  });
});
