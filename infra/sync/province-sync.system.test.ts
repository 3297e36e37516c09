/**
 * The provincial sync through the whole system: a stage application runs to the end on the embedded
 * engine with every worker, and the fake province (real HTTP on loopback) receives the project, each
 * item case, every step with its BLZT in per-case order, the special procedure and the result
 * documents — none twice — pushed by the relay loops system.ts starts (no relay is called by hand).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem, userTask } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../clock.ts';
import { listCaseEvents } from '../db/case.repo.ts';
import { getItemCase } from '../db/case-rows.repo.ts';
import { readOutboxGauges } from '../db/outbox-lag.repo.ts';

const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' };

describeEachDatabase('provincial sync of a whole stage application', (get) => {
  let system: System & { clock: ManualClock };
  beforeAll(async () => {
    system = await startTestSystem(get());
  });
  afterAll(async () => {
    await system?.close();
  });

  const upload = (...ids: string[]) =>
    ids.map((materialId) => ({
      materialId,
      source: 'upload' as const,
      sha256: 'a'.repeat(64),
      fileName: `${materialId}.pdf`,
      size: 1024,
    }));
  const state = async (caseId: string) => (await getItemCase(get().db, caseId))!.state;
  const completeTask = async (
    elementId: string,
    variables: Record<string, unknown>,
    match: Parameters<typeof userTask>[2] = {},
  ) => {
    const task = await userTask(system, elementId, match);
    await system.engine.engine.completeUserTask(task.key, variables);
  };

  it('the province receives the project, each case, every step in order, the special procedure and the results, once each', async () => {
    // given a registered project applying for stage 3 with two items
    const code = '2604-440402-04-01-200001';
    const gcdm = `${code}-001`;
    await system.applications.registerProject({
      code,
      name: '珠海某住宅项目',
      ownerName: '珠海某建设有限公司',
      ownerUscc: '91440400MA4W000001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      contactPhone: '13912345678',
    });
    const { caseIds, processInstanceKey } = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-02', 'ZH-S3-03'],
      channel: 'window',
      actor: window,
      materials: upload('M090', 'M091', 'M100', 'M101', 'M102', 'M103', 'M104'),
    });
    // when it runs to the end: an expert review on the first item, opinions, joint review, decisions
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { group: 'WINDOW', processInstanceKey });
    const [first, second] = [caseIds[0]!, caseIds[1]!];
    await waitFor(async () => (await state(first)) === 'IN_REVIEW' && (await state(second)) === 'IN_REVIEW', {
      what: 'cases in review',
    });
    await completeTask(
      'Task_Review',
      { action: 'SPECIAL_PROCEDURE', procedureType: 'EXPERT_REVIEW' },
      { caseId: first },
    );
    await waitFor(async () => (await state(first)) === 'SPECIAL_PROCEDURE', { what: 'special procedure' });
    await completeTask('Task_RunProcedure', { result: 'PASS', note: '专家评审通过' }, { group: 'ZH_ZJJ' });
    await waitFor(async () => (await state(first)) === 'IN_REVIEW', { what: 'back in review' });
    await completeTask('Task_Review', { action: 'OPINION', opinion: '符合要求' }, { caseId: first });
    await completeTask('Task_Review', { action: 'OPINION', opinion: '同意' }, { caseId: second });
    await completeTask('Task_JointReview', { conclusion: '会审通过' }, { group: 'ZH_ZJJ', processInstanceKey });
    await completeTask('Task_Decide', { decision: 'APPROVED' }, { caseId: first });
    await completeTask(
      'Task_Decide',
      { decision: 'APPROVED_WITH_CONDITIONS', conditions: '按核准路线运输' },
      { caseId: second },
    );
    await waitFor(
      async () => (await system.engine.engine.getProcessInstance(processInstanceKey!))!.state === 'COMPLETED',
      { what: 'stage completed' },
    );

    // then the relay loops deliver everything: the outbox drains
    const province = system.fakes.province!;
    await waitFor(
      async () => {
        const g = await readOutboxGauges(get().db);
        return g.backlog === 0 && g.parked === 0;
      },
      { what: 'the outbox drained' },
    );
    const received = province.records();
    expect(province.rejected()).toEqual([]);

    // the project and its 建设单位 first
    const projectRecords = received.filter((r) => r.data.GCDM === gcdm && !r.data.SPSXSLBM);
    expect(projectRecords.map((r) => r.dfsjzj)).toEqual([`XM-${gcdm}`, `DW-${gcdm}-91440400MA4W000001-1`]);
    expect(received.findIndex((r) => r.dfsjzj === `XM-${gcdm}`)).toBe(0);

    // each case: the case record, then every step with its BLZT in the order of the case log, the
    // special procedure, the result document
    const expected: Record<string, number[]> = { [first]: [1, 3, 8, 9, 10, 11], [second]: [1, 3, 8, 12] };
    for (const caseId of caseIds) {
      const caseNumber = (await getItemCase(get().db, caseId))!.caseNumber!;
      const mine = received.filter((r) => r.data.SPSXSLBM === caseNumber);
      expect(mine[0]!.dfsjzj).toBe(`SL-${caseNumber}`);
      expect(mine[0]!.data).toMatchObject({ GCDM: gcdm, BLSPSLBM: expect.any(String) });
      const steps = mine.filter((r) => r.table === 'SPGL_XMSPSXBLXXXXB');
      expect(steps.map((r) => r.data.BLZT)).toEqual(expected[caseId]);
      const events = await listCaseEvents(get().db, caseId);
      expect(steps.slice(1).map((r) => r.dfsjzj)).toEqual(
        events.filter((e) => e.blzt !== null).map((e) => `BL-${caseNumber}-${e.seq}`),
      );
      const result = mine.filter((r) => r.table === 'SPGL_XMSPSXPFWJXXB');
      expect(result.map((r) => r.dfsjzj)).toEqual([`PF-${caseNumber}-RESULT`]);
      expect(mine.at(-1)!.table).toBe('SPGL_XMSPSXPFWJXXB');
      expect(result[0]!.data.PFWH).toEqual(expect.stringContaining('号'));
      // the case arrived after its project
      expect(received.findIndex((r) => r.dfsjzj === `SL-${caseNumber}`)).toBeGreaterThan(
        received.findIndex((r) => r.dfsjzj === `XM-${gcdm}`),
      );
    }
    const firstNumber = (await getItemCase(get().db, first))!.caseNumber!;
    const procedure = received.filter((r) => r.table === 'SPGL_XMSPSXBLTBCXXXB');
    expect(procedure).toHaveLength(1);
    expect(procedure[0]!.data).toMatchObject({
      SPSXSLBM: firstNumber,
      TBCX: 1,
      TBCXMC: '专家评审',
      TBCXSX: 20,
      TBCXJG: 'PASS',
      TBCXJSSJ: expect.any(String),
    });

    // none twice: every DFSJZJ acknowledged once, except the special procedure's UPSERT (start, then end)
    const tb = procedure[0]!.dfsjzj;
    for (const r of received)
      expect([r.dfsjzj, province.receivedCount(r.dfsjzj)]).toEqual([r.dfsjzj, r.dfsjzj === tb ? 2 : 1]);
    expect(province.duplicates()).toEqual([{ dfsjzj: tb, table: 'SPGL_XMSPSXBLTBCXXXB', sameData: false }]);

    // and supervisors' metrics show the drained outbox
    const metrics = await system.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('sync_backlog 0');
  });
});
