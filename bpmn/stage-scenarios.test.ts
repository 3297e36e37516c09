/**
 * Scenarios of issue #4 beyond bpmn/stage-application.test.ts: a happy path for each of the four
 * stages with the catalogue's items, a failed special procedure (rectification), a rejection (不予许可),
 * an immediate item (即办件). Every scenario runs twice on each database: once with single delivery and
 * once with every job delivered a second time (at-least-once); the "exactly one" assertions then prove
 * that no SMS, certificate, case event or clock event is duplicated by a redelivery.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import { eventActorOf } from '../app/intake/submit-application.ts';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../test/db.ts';
import { startTestSystem, userTask } from '../test/system-harness.ts';
import { waitFor } from '../test/engine-driver.ts';
import type { System } from '../system.ts';
import type { ManualClock } from '../infra/clock.ts';
import { resultDocument, stageApplication } from '../infra/db/schema.ts';
import { listCaseEvents } from '../infra/db/case.repo.ts';
import { getItemCase } from '../infra/db/case-rows.repo.ts';
import { clocksOfCase, loadClock } from '../infra/db/legal-clock.repo.ts';
import { evaluateClock } from '../domain/clock/legal-clock.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';

const DAY = 24 * 3_600_000;
const catalog = indexCatalog(ZHUHAI_CATALOG);
const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' };
// the people who complete the tasks (the case API sets completedBy from the caller)
const reviewer = { userId: 'u-reviewer-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
const expert = { userId: 'u-expert-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
const head = { userId: 'u-head-zjj', role: 'DEPT_HEAD', departmentCode: 'ZH_ZJJ' };
/** The project's owner as signed in (the use cases check their policy) and as its events record them. */
const ownerUser: Actor = {
  userId: 'u-applicant-1',
  username: 'u-applicant-1',
  roles: ['APPLICANT'],
  permissions: [],
  departmentCode: 'APPLICANT',
  regionCode: '440400',
  orgUscc: '91440400MA4W000001',
};
const owner = eventActorOf(ownerUser);
let seq = 0;

/** The items each stage's happy path applies for (every item of the stage but the immediate ones and the parallel track). */
const STAGE_ITEMS: Record<1 | 2 | 3 | 4, string[]> = {
  1: ['ZH-S1-03', 'ZH-S1-04'],
  2: ['ZH-S2-01', 'ZH-S2-02', 'ZH-S2-03'],
  3: ['ZH-S3-01', 'ZH-S3-02', 'ZH-S3-03', 'ZH-S3-04'],
  // 竣工验收: 联合验收 is the lead's joint review over the acceptance items
  4: ['ZH-S4-01', 'ZH-S4-02', 'ZH-S4-04'],
};

for (const redeliver of [false, true]) {
  describeEachDatabase(`stage scenarios${redeliver ? ', every job delivered twice' : ''}`, (get) => {
    let system: System & { clock: ManualClock };
    beforeAll(async () => {
      system = await startTestSystem(get(), undefined, { redeliver });
    });
    afterAll(async () => {
      await system?.close();
    });

    const projectCode = () => `2604-440402-04-01-${String(200000 + ++seq)}`;
    const register = async (code: string) =>
      system.applications.registerProject({
        code,
        name: '珠海某住宅项目',
        ownerName: '珠海某建设有限公司',
        ownerUscc: '91440400MA4W000001',
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
        contactPhone: '13912345678',
      });
    const everyMaterial = (items: string[]) =>
      [...new Set(items.flatMap((code) => catalog.item(code).materials.map((m) => m.id)))].map((materialId) => ({
        materialId,
        source: 'upload' as const,
        sha256: 'a'.repeat(64),
        fileName: `${materialId}.pdf`,
        size: 1024,
      }));
    const state = async (caseId: string) => (await getItemCase(get().db, caseId))!.state;
    const smsTo = (templateId: string, key: string) =>
      system.fakes.sms!.sent().filter((m) => m.templateId === templateId && m.idempotencyKey.startsWith(key));
    const certificatesOf = (caseNumber: string) =>
      system.fakes.certificates!.certificates().filter((c) => c.request.businessData.caseNumber === caseNumber);
    const completeTask = async (
      elementId: string,
      variables: Record<string, unknown>,
      match: Parameters<typeof userTask>[2] = {},
    ) => {
      const task = await userTask(system, elementId, match);
      await system.engine.engine.completeUserTask(task.key, variables);
    };
    const instanceState = async (key: string | null) => (await system.engine.engine.getProcessInstance(key!))!.state;
    const eventTypes = async (id: string) => (await listCaseEvents(get().db, id)).map((e) => e.type);
    const submitAndAccept = async (stage: number, items: string[], existingProject?: string) => {
      const code = existingProject ?? projectCode();
      if (!existingProject) await register(code);
      const submitted = await system.applications.submit({
        projectCode: code,
        stage,
        items,
        channel: 'window',
        actor: window,
        materials: everyMaterial(items),
      });
      await completeTask(
        'Task_InitialCheck',
        { materialChecks: [], completedBy: window },
        { group: 'WINDOW', processInstanceKey: submitted.processInstanceKey },
      );
      for (const caseId of submitted.caseIds)
        await waitFor(async () => (await state(caseId)) === 'IN_REVIEW', {
          what: `case ${caseId} in review`,
          timeoutMs: 20_000,
        });
      return submitted;
    };

    for (const stage of [1, 2, 3, 4] as const) {
      it(`happy path, stage ${stage} (${catalog.stage(stage).nameZh}): every item reviewed, joint review by the lead, decided, issued, notified`, async () => {
        // given an application for the stage's items with every material, accepted at the window
        const items = STAGE_ITEMS[stage];
        const { applicationId, caseIds, processInstanceKey } = await submitAndAccept(stage, items);
        // when each department gives its opinion, the lead holds the joint review and each head approves
        for (const caseId of caseIds)
          await completeTask('Task_Review', { action: 'OPINION', opinion: '同意' }, { caseId });
        await completeTask(
          'Task_JointReview',
          { conclusion: '会审通过' },
          { group: catalog.stage(stage).leadDepartment, processInstanceKey },
        );
        for (const caseId of caseIds) await completeTask('Task_Decide', { decision: 'APPROVED' }, { caseId });
        // then the stage instance ends, every case has its result and its clock stopped once
        await waitFor(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', {
          what: 'stage completed',
          timeoutMs: 30_000,
        });
        expect(
          (await get().db.select().from(stageApplication).where(eq(stageApplication.id, applicationId)))[0]!.state,
        ).toBe('DECIDED');
        for (const [i, caseId] of caseIds.entries()) {
          const itemCase = (await getItemCase(get().db, caseId))!;
          const item = catalog.item(items[i]!);
          expect(itemCase.itemCode).toBe(item.code);
          expect(itemCase.state).toBe('RESULT_ISSUED');
          expect(await eventTypes(caseId)).toEqual([
            'ACCEPTED',
            'REVIEW_STARTED',
            'OPINION_RECORDED',
            'DECIDED',
            'RESULT_ISSUED',
          ]);
          // accepted by the window clerk who checked the materials; distributed by the system
          const [accepted, distributed] = await listCaseEvents(get().db, caseId);
          expect([accepted!.actor, distributed!.actor]).toEqual([
            window,
            { userId: 'system', role: 'SYSTEM', departmentCode: null },
          ]);
          const clocks = await clocksOfCase(get().db, caseId);
          expect(clocks.map((c) => [c.kind, c.events.map((e) => e.type)])).toEqual([['ADMIN', ['START', 'STOP']]]);
          const [result] = await get().db.select().from(resultDocument).where(eq(resultDocument.caseId, caseId));
          expect(result!.title).toBe(item.result.nameZh);
          expect(certificatesOf(itemCase.caseNumber!)).toHaveLength(item.result.eCert ? 1 : 0);
          expect(result!.kind).toBe(item.result.eCert ? 'ECERT' : 'DOCUMENT');
        }
        expect(await eventTypes(applicationId)).toContain('DECIDED');
        expect((await eventTypes(applicationId)).filter((t) => t === 'DECIDED')).toHaveLength(1);
        await waitFor(async () => smsTo('RESULT_READY', applicationId).length > 0, { what: 'the result SMS' });
        expect(smsTo('RESULT_READY', applicationId)).toHaveLength(1);
        expect(smsTo('RESULT_READY', applicationId)[0]!.text).toContain('准予许可');
      });
    }

    it('special procedure failed: one rectification notice, the administrative clock stays paused until case.rectified, then the review goes on to a decision', async () => {
      // given a fire-design review case in review
      const { caseIds, processInstanceKey } = await submitAndAccept(3, ['ZH-S3-02']);
      const caseId = caseIds[0]!;
      const calendar = system.calendars.forRegion('440400');
      const before = evaluateClock(
        calendar,
        (await loadClock(get().db, `${caseId}:ADMIN`))!.events,
        system.clock.now(),
      );
      // when the department starts an expert review and it fails
      await completeTask(
        'Task_Review',
        { action: 'SPECIAL_PROCEDURE', procedureType: 'EXPERT_REVIEW', completedBy: reviewer },
        { caseId },
      );
      await waitFor(async () => (await state(caseId)) === 'SPECIAL_PROCEDURE', { what: 'special procedure' });
      system.clock.advance(5 * DAY);
      const procedure = await userTask(system, 'Task_RunProcedure', { group: 'ZH_ZJJ', caseId });
      await system.engine.engine.completeUserTask(procedure.key, {
        result: 'FAIL',
        note: '消防车道宽度不足,请修改总平面图',
        completedBy: expert,
      });
      // then exactly one rectification notice names the defect, and the administrative clock stays paused
      await waitFor(async () => smsTo('SPECIAL_PROCEDURE_FAILED', caseId).length > 0, {
        what: 'the rectification notice',
      });
      expect(smsTo('SPECIAL_PROCEDURE_FAILED', caseId)).toHaveLength(1);
      expect(smsTo('SPECIAL_PROCEDURE_FAILED', caseId)[0]!.text).toContain('消防车道宽度不足');
      expect(smsTo('SPECIAL_PROCEDURE_PASSED', caseId)).toHaveLength(0);
      expect((await loadClock(get().db, `${caseId}:ADMIN`))!.events.map((e) => e.type)).toEqual(['START', 'PAUSE']);
      system.clock.advance(10 * DAY);
      const paused = evaluateClock(
        calendar,
        (await loadClock(get().db, `${caseId}:ADMIN`))!.events,
        system.clock.now(),
      );
      expect(paused.remainingDays).toBe(before.remainingDays);
      // when the applicant has rectified (the special procedure now waits at Catch_Rectified)
      await waitFor(
        async () =>
          (await system.engine.engine.getElementHistory(procedure.processInstanceKey)).some(
            (e) => e.elementId === 'Catch_Rectified',
          ),
        { what: 'waiting for the rectification', timeoutMs: 20_000 },
      );
      await system.useCases.reportRectification(ownerUser, caseId);
      // then the clock resumes with what was left and the department reviews again
      await waitFor(async () => (await loadClock(get().db, `${caseId}:ADMIN`))!.events.at(-1)?.type === 'RESUME', {
        what: 'clock resumed',
      });
      const resumed = evaluateClock(
        calendar,
        (await loadClock(get().db, `${caseId}:ADMIN`))!.events,
        system.clock.now(),
      );
      expect(resumed.remainingDays).toBe(before.remainingDays);
      await completeTask('Task_Review', { action: 'OPINION', opinion: '整改后符合要求' }, { caseId });
      await completeTask('Task_JointReview', { conclusion: '会审通过' }, { group: 'ZH_ZJJ', processInstanceKey });
      await completeTask('Task_Decide', { decision: 'APPROVED', completedBy: head }, { caseId });
      await waitFor(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', {
        what: 'stage completed',
        timeoutMs: 30_000,
      });
      const types = await eventTypes(caseId);
      // each step is recorded as the person behind it (article 21/27 traceability), not a placeholder
      const actorOf = async (type: string) =>
        (await listCaseEvents(get().db, caseId)).filter((e) => e.type === type).map((e) => e.actor);
      expect(await actorOf('SPECIAL_PROCEDURE_STARTED')).toEqual([reviewer]);
      expect(await actorOf('SPECIAL_PROCEDURE_FINISHED')).toEqual([expert]);
      expect(await actorOf('RECTIFIED')).toEqual([owner]);
      expect(await actorOf('RESULT_ISSUED')).toEqual([head]);
      expect(types.filter((t) => t === 'SPECIAL_PROCEDURE_FINISHED')).toHaveLength(1);
      expect(types.at(-1)).toBe('RESULT_ISSUED');
      expect((await loadClock(get().db, `${caseId}:ADMIN`))!.events.map((e) => e.type)).toEqual([
        'START',
        'PAUSE',
        'RESUME',
        'STOP',
      ]);
      const special = (await clocksOfCase(get().db, caseId)).filter((c) => c.kind === 'SPECIAL');
      expect(special.map((c) => c.events.map((e) => e.type))).toEqual([['START', 'STOP']]);
    });

    it('rejection (不予许可): decision recorded, a 不予许可决定书 and no certificate, the applicant told by SMS', async () => {
      const { applicationId, caseIds, processInstanceKey } = await submitAndAccept(3, ['ZH-S3-04']);
      const caseId = caseIds[0]!;
      await completeTask('Task_Review', { action: 'OPINION', opinion: '处置场所不符合要求' }, { caseId });
      await completeTask('Task_JointReview', { conclusion: '同意不予许可' }, { group: 'ZH_ZJJ', processInstanceKey });
      await completeTask('Task_Decide', { decision: 'REJECTED' }, { caseId });
      await waitFor(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', {
        what: 'stage completed',
        timeoutMs: 30_000,
      });
      const itemCase = (await getItemCase(get().db, caseId))!;
      expect(itemCase.decision).toBe('REJECTED');
      const decided = (await listCaseEvents(get().db, caseId)).filter((e) => e.type === 'DECIDED');
      expect(decided.map((e) => e.payload.decision)).toEqual(['REJECTED']);
      const [result] = await get().db.select().from(resultDocument).where(eq(resultDocument.caseId, caseId));
      expect(result).toMatchObject({ kind: 'DOCUMENT', title: '不予许可决定书', certificateId: null });
      expect(certificatesOf(itemCase.caseNumber!)).toHaveLength(0);
      await waitFor(async () => smsTo('RESULT_READY', applicationId).length > 0, { what: 'the result SMS' });
      expect(smsTo('RESULT_READY', applicationId)).toHaveLength(1);
      expect(smsTo('RESULT_READY', applicationId)[0]!.text).toContain('不予许可');
      expect((await loadClock(get().db, `${caseId}:ADMIN`))!.events.map((e) => e.type)).toEqual(['START', 'STOP']);
    });

    it('immediate item (即办件): same diagram, an IMMEDIATE clock due at the end of the acceptance day, yellow from acceptance, done the same day, never red', async () => {
      // given the fire-acceptance filing (备案, limit 0) accepted at 09:00 on a working day
      const { applicationId, caseIds, processInstanceKey } = await submitAndAccept(4, ['ZH-S4-03']);
      const caseId = caseIds[0]!;
      const clocks = await clocksOfCase(get().db, caseId);
      expect(clocks.map((c) => c.kind)).toEqual(['IMMEDIATE']);
      const evaluated = evaluateClock(system.calendars.forRegion('440400'), clocks[0]!.events, system.clock.now());
      expect(evaluated.limitDays).toBe(0);
      // Shanghai calendar day of the deadline is the acceptance day
      const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(shanghaiDay(evaluated.deadline!)).toBe(shanghaiDay(system.clock.now()));
      // when the department handles it within the hour
      system.clock.advance(3_600_000);
      await completeTask('Task_Review', { action: 'OPINION', opinion: '备案材料齐全' }, { caseId });
      await completeTask('Task_JointReview', { conclusion: '同意备案' }, { group: 'ZH_ZJJ', processInstanceKey });
      await completeTask('Task_Decide', { decision: 'APPROVED' }, { caseId });
      await waitFor(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', {
        what: 'stage completed',
        timeoutMs: 30_000,
      });
      // then it is issued the same day, its clock stopped within the limit, and no warning went out
      const stopped = (await loadClock(get().db, `${caseId}:IMMEDIATE`)) ?? (await clocksOfCase(get().db, caseId))[0]!;
      expect(stopped.events.map((e) => e.type)).toEqual(['START', 'STOP']);
      expect(stopped.events.at(-1)!.at.getTime()).toBeLessThanOrEqual(evaluated.deadline!.getTime());
      expect(await state(caseId)).toBe('RESULT_ISSUED');
      // BRIEF §2: an immediate item is yellow from 受理 (one warning to handler and head), red only if
      // not done by the end of the acceptance day — it was, so after midnight no red goes out
      await waitFor(async () => smsTo('YELLOW_WARNING', stopped.id).length > 0, {
        what: 'the yellow warning of the immediate item',
      });
      system.clock.advance(DAY);
      await system.engine.scheduler!.tick();
      await waitFor(
        async () =>
          (await get().db.select().from(stageApplication).where(eq(stageApplication.id, applicationId)))[0]!.state ===
          'DECIDED',
        { what: 'decided' },
      );
      expect(smsTo('YELLOW_WARNING', stopped.id)).toHaveLength(1);
      expect(smsTo('RED_WARNING', stopped.id)).toHaveLength(0);
      await waitFor(async () => smsTo('RESULT_READY', applicationId).length > 0, { what: 'the result SMS' });
      expect(smsTo('RESULT_READY', applicationId)).toHaveLength(1);
    });

    it("initial check: a material the project holds as an e-certificate is reused, never asked again; a defective one is in the one-time notice with the window's note", async () => {
      // given a project whose stage 2 issued the construction-works planning permit as an e-certificate
      const first = await submitAndAccept(2, ['ZH-S2-01']);
      await completeTask('Task_Review', { action: 'OPINION', opinion: '同意' }, { caseId: first.caseIds[0] });
      await completeTask(
        'Task_JointReview',
        { conclusion: '会审通过' },
        { group: 'ZH_ZRZYJ', processInstanceKey: first.processInstanceKey },
      );
      await completeTask('Task_Decide', { decision: 'APPROVED' }, { caseId: first.caseIds[0] });
      await waitFor(async () => (await instanceState(first.processInstanceKey)) === 'COMPLETED', {
        what: 'stage 2 completed',
        timeoutMs: 30_000,
      });
      const code = (await getItemCase(get().db, first.caseIds[0]!))!.projectCode;
      // when stage 3 applies without the permit (M101) and the window finds the funding pledge defective
      const items = ['ZH-S3-03'];
      const materials = everyMaterial(items).filter((m) => m.materialId !== 'M101');
      const { applicationId, processInstanceKey } = await system.applications.submit({
        projectCode: code,
        stage: 3,
        items,
        channel: 'window',
        actor: window,
        materials,
      });
      await completeTask(
        'Task_InitialCheck',
        { materialChecks: [{ materialId: 'M104', ok: false, note: '承诺书未盖章' }], completedBy: window },
        { processInstanceKey },
      );
      // then the permit is reused by reference and the notice lists only the defective pledge, once
      await waitFor(async () => (await eventTypes(applicationId)).includes('SUPPLEMENT_NOTICE'), {
        what: 'the supplement notice',
      });
      const [prechecked] = (await listCaseEvents(get().db, applicationId)).filter((e) => e.type === 'PRECHECKED');
      const results = prechecked!.payload.results as { materialId: string; status: string; reuseRef?: string }[];
      expect(results.find((r) => r.materialId === 'M101')).toMatchObject({
        status: 'REUSED',
        reuseRef: 'E_CERT:ZH-S2-01',
      });
      expect(
        results.filter((r) => r.status === 'MISSING' || r.status === 'DEFECTIVE').map((r) => [r.materialId, r.status]),
      ).toEqual([['M104', 'DEFECTIVE']]);
      const [notice] = (await listCaseEvents(get().db, applicationId)).filter((e) => e.type === 'SUPPLEMENT_NOTICE');
      expect([prechecked!.actor, notice!.actor]).toEqual([window, window]);
      expect(notice!.payload.missing).toEqual([
        { materialId: 'M104', nameZh: '建设资金落实承诺书(告知承诺)', itemCode: 'ZH-S3-03', reason: '承诺书未盖章' },
      ]);
      await waitFor(async () => smsTo('SUPPLEMENT_NOTICE', applicationId).length > 0, {
        what: 'the supplement notice SMS',
      });
      expect(smsTo('SUPPLEMENT_NOTICE', applicationId)).toHaveLength(1);
      expect(smsTo('SUPPLEMENT_NOTICE', applicationId)[0]!.text).not.toContain('建设工程规划许可证');
    });
  });
}
