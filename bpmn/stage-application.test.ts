/**
 * End-to-end scenarios of a stage application on the embedded engine with every worker, the fake SMS
 * gateway and certificate service over loopback HTTP, and time moved forward instead of sleeping.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../test/db.ts';
import { startTestSystem, userTask } from '../test/system-harness.ts';
import { waitFor } from '../test/engine-driver.ts';
import type { System } from '../system.ts';
import type { ManualClock } from '../infra/clock.ts';
import { itemCase, stageApplication, legalClock } from '../infra/db/schema.ts';
import { listCaseEvents } from '../infra/db/case.repo.ts';
import { getItemCase } from '../infra/db/case-rows.repo.ts';
import { loadClock } from '../infra/db/legal-clock.repo.ts';
import { evaluateClock } from '../domain/clock/legal-clock.ts';
import type { Actor } from '../domain/access/roles.ts';
import { seedAccounts } from '../test/api-client.ts';
import { eventActorOf } from '../app/intake/submit-application.ts';

const DAY = 24 * 3_600_000;
/** The project's owner as signed in (the use cases check their policy) and as its events record them. */
const applicantUser: Actor = {
  userId: 'applicant-1',
  username: 'applicant-1',
  roles: ['APPLICANT'],
  permissions: [],
  departmentCode: 'APPLICANT',
  regionCode: '440400',
  orgUscc: '91440400MA4W000001',
};
const applicant = eventActorOf(applicantUser);
const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' };
// the people who complete the tasks (the case API sets completedBy from the caller)
const reviewer = { userId: 'u-reviewer-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
const reviewer2 = { userId: 'u-reviewer2-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
const expert = { userId: 'u-expert-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
const lead = { userId: 'u-lead-zjj', role: 'DEPT_HEAD', departmentCode: 'ZH_ZJJ' };
let seq = 0;

describeEachDatabase('stage application end to end', (get) => {
  let system: System & { clock: ManualClock };
  beforeAll(async () => {
    system = await startTestSystem(get());
  });
  afterAll(async () => {
    await system?.close();
  });

  const projectCode = () => `2604-440402-04-01-${String(100000 + ++seq)}`;
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
  const upload = (...ids: string[]) =>
    ids.map((materialId) => ({
      materialId,
      source: 'upload' as const,
      sha256: 'a'.repeat(64),
      fileName: `${materialId}.pdf`,
      size: 1024,
    }));
  const state = async (caseId: string) => (await getItemCase(get().db, caseId))!.state;
  const sms = (templateId: string) => system.fakes.sms!.sent().filter((m) => m.templateId === templateId);
  const completeTask = async (
    elementId: string,
    variables: Record<string, unknown>,
    match: Parameters<typeof userTask>[2] = {},
  ) => {
    const task = await userTask(system, elementId, match);
    await system.engine.engine.completeUserTask(task.key, variables);
  };
  const instanceState = async (key: string | null) => (await system.engine.engine.getProcessInstance(key!))!.state;

  it('happy path: receipt, parallel review, joint review, decisions, e-certificates, SMS the same day', async () => {
    // given a registered project applying for stage 3 with every material
    const code = projectCode();
    await register(code);
    const { applicationId, caseIds, processInstanceKey } = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03', 'ZH-S3-04'],
      channel: 'window',
      actor: window,
      materials: upload('M100', 'M101', 'M102', 'M103', 'M104', 'M110'),
    });
    // when the window checks every material and the departments review
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { group: 'WINDOW', processInstanceKey });
    await waitFor(async () => (await state(caseIds[0]!)) === 'IN_REVIEW', { what: 'case in review' });
    await completeTask('Task_Review', { action: 'OPINION', opinion: '符合要求' }, { caseId: caseIds[0] });
    await completeTask('Task_Review', { action: 'OPINION', opinion: '同意' }, { caseId: caseIds[1] });
    await completeTask('Task_JointReview', { conclusion: '会审通过' }, { group: 'ZH_ZJJ', processInstanceKey });
    await completeTask('Task_Decide', { decision: 'APPROVED' }, { caseId: caseIds[0] });
    await completeTask(
      'Task_Decide',
      { decision: 'APPROVED_WITH_CONDITIONS', conditions: '按核准路线运输' },
      { caseId: caseIds[1] },
    );
    // then the stage completes with results, certificates and notices
    await waitFor(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', { what: 'stage completed' });
    expect(await state(caseIds[0]!)).toBe('RESULT_ISSUED');
    expect(
      (await get().db.select().from(stageApplication).where(eq(stageApplication.id, applicationId)))[0]!.state,
    ).toBe('DECIDED');
    const events = await listCaseEvents(get().db, caseIds[0]!);
    expect(events.map((e) => e.type)).toEqual([
      'ACCEPTED',
      'REVIEW_STARTED',
      'OPINION_RECORDED',
      'DECIDED',
      'RESULT_ISSUED',
    ]);
    expect(events.map((e) => e.blzt)).toEqual([3, 8, null, 11, null]);
    const issued = system.fakes.certificates!.certificates();
    expect(issued.filter((c) => c.request.relatedItem.code === 'ZH-S3-03')).toHaveLength(1);
    await waitFor(async () => sms('RESULT_READY').some((m) => m.text.includes('准予许可')), { what: 'the result SMS' });
    expect(sms('FORMAL_RECEIPT').filter((m) => m.phones.includes('13912345678')).length).toBeGreaterThanOrEqual(1);
    const clock = await loadClock(get().db, `${caseIds[0]}:ADMIN`);
    expect(clock!.events.map((e) => e.type)).toEqual(['START', 'STOP']);
  });

  it('supplement before receipt: one notice lists every missing material, no clock runs until the receipt', async () => {
    const code = projectCode();
    await register(code);
    const { applicationId, caseIds, processInstanceKey } = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03'],
      channel: 'online',
      actor: applicant,
      materials: upload('M100', 'M104'),
    });
    await completeTask(
      'Task_InitialCheck',
      { materialChecks: [{ materialId: 'M104', ok: false, note: '承诺书未盖章' }] },
      { processInstanceKey },
    );
    await waitFor(
      async () =>
        (await get().db.select().from(stageApplication).where(eq(stageApplication.id, applicationId)))[0]!.state ===
        'SUPPLEMENT_PENDING',
      { what: 'supplement notice' },
    );
    const [notice] = (await listCaseEvents(get().db, applicationId)).filter((e) => e.type === 'SUPPLEMENT_NOTICE');
    expect((notice!.payload.missing as { materialId: string }[]).map((m) => m.materialId).sort()).toEqual([
      'M101',
      'M102',
      'M103',
      'M104',
    ]);
    await waitFor(async () => sms('SUPPLEMENT_NOTICE').some((m) => m.text.includes('承诺书')), {
      what: 'the supplement notice SMS',
    });
    expect(await get().db.select().from(legalClock).where(eq(legalClock.caseId, caseIds[0]!))).toEqual([]);
    // when the applicant supplements everything and the window checks again
    system.clock.advance(2 * DAY);
    await system.useCases.handInSupplement.toApplication(
      applicantUser,
      applicationId,
      upload('M101', 'M102', 'M103', 'M104'),
    );
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { processInstanceKey });
    await waitFor(async () => (await state(caseIds[0]!)) === 'IN_REVIEW', { what: 'receipt after supplement' });
    const clock = await loadClock(get().db, `${caseIds[0]}:ADMIN`);
    expect(clock!.events[0]).toMatchObject({ type: 'START', at: system.clock.now() });
  });

  it('special procedure passed, then a supplement after acceptance with an extension: the clock hands back exactly what was left', async () => {
    const code = projectCode();
    await register(code);
    const { caseIds, processInstanceKey } = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-02'],
      channel: 'window',
      actor: window,
      materials: upload('M090', 'M091'),
    });
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { processInstanceKey });
    const caseId = caseIds[0]!;
    await waitFor(async () => (await state(caseId)) === 'IN_REVIEW', { what: 'in review' });
    const calendar = system.calendars.forRegion('440400');
    const before = evaluateClock(calendar, (await loadClock(get().db, `${caseId}:ADMIN`))!.events, system.clock.now());
    // special procedure: expert review, 20 working days
    await completeTask(
      'Task_Review',
      { action: 'SPECIAL_PROCEDURE', procedureType: 'EXPERT_REVIEW', completedBy: reviewer },
      { caseId },
    );
    await waitFor(async () => (await state(caseId)) === 'SPECIAL_PROCEDURE', { what: 'special procedure' });
    await waitFor(
      async () => sms('SPECIAL_PROCEDURE_STARTED').some((m) => m.text.includes('专家评审') && m.text.includes('20')),
      { what: 'the special procedure SMS' },
    );
    system.clock.advance(10 * DAY);
    await completeTask(
      'Task_RunProcedure',
      { result: 'PASS', note: '专家评审通过', completedBy: expert },
      { group: 'ZH_ZJJ' },
    );
    await waitFor(async () => (await state(caseId)) === 'IN_REVIEW', { what: 'back in review' });
    const after = evaluateClock(calendar, (await loadClock(get().db, `${caseId}:ADMIN`))!.events, system.clock.now());
    expect(after.remainingDays).toBe(before.remainingDays);
    // supplement after acceptance, with a 3-working-day extension from the lead
    await completeTask(
      'Task_Review',
      { action: 'SUPPLEMENT', missingMaterials: ['消防设计文件(修改稿)'], completedBy: reviewer2 },
      { caseId },
    );
    await waitFor(async () => (await state(caseId)) === 'SUPPLEMENT_PENDING', { what: 'supplement requested' });
    system.clock.advance(3 * DAY);
    await system.useCases.handInSupplement.toCase(applicantUser, caseId, []);
    await completeTask(
      'Task_DecideExtension',
      { extensionDays: 3, extensionReason: '补件内容较多', completedBy: lead },
      { group: 'ZH_ZJJ' },
    );
    await waitFor(async () => (await loadClock(get().db, `${caseId}:ADMIN`))!.events.at(-1)?.type === 'EXTEND', {
      what: 'extension recorded',
    });
    const resumed = evaluateClock(calendar, (await loadClock(get().db, `${caseId}:ADMIN`))!.events, system.clock.now());
    expect(resumed.remainingDays).toBe(before.remainingDays! + 3);
    expect((await listCaseEvents(get().db, caseId)).map((e) => e.type)).toEqual([
      'ACCEPTED',
      'REVIEW_STARTED',
      'SPECIAL_PROCEDURE_STARTED',
      'SPECIAL_PROCEDURE_FINISHED',
      'SUPPLEMENT_REQUESTED',
      'SUPPLEMENT_RECEIVED',
      'EXTENDED',
    ]);
    // each step is recorded as the person behind it, not a placeholder: the reviewer who chose the
    // procedure, the one who ran it, the reviewer who asked for the supplement, the applicant, the lead
    const actors = Object.fromEntries((await listCaseEvents(get().db, caseId)).map((e) => [e.type, e.actor]));
    expect(actors).toMatchObject({
      SPECIAL_PROCEDURE_STARTED: reviewer,
      SPECIAL_PROCEDURE_FINISHED: expert,
      SUPPLEMENT_REQUESTED: reviewer2,
      SUPPLEMENT_RECEIVED: applicant,
      EXTENDED: lead,
    });
  });

  it('supplement after acceptance: the clock resumes with the re-submission, the days the lead takes to decide count, the extension adds to the limit', async () => {
    // given a 10-working-day fire-design review received on Monday 2026-09-07 09:00 (Beijing):
    // 9-8, 9, 10, 11, 14, 15, 16, 17, 18 and the make-up Sunday 9-20 — due 2026-09-20 23:59:59
    const bj = (text: string) => new Date(`${text}+08:00`);
    const wall = (d: Date | null) =>
      d && new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    system.clock.set(bj('2026-09-07T09:00:00'));
    const code = projectCode();
    await register(code);
    const { caseIds, processInstanceKey } = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-02'],
      channel: 'window',
      actor: window,
      materials: upload('M090', 'M091'),
    });
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { processInstanceKey });
    const caseId = caseIds[0]!;
    await waitFor(async () => (await state(caseId)) === 'IN_REVIEW', { what: 'in review' });
    const calendar = system.calendars.forRegion('440402');
    const clockAt = async () =>
      evaluateClock(calendar, (await loadClock(get().db, `${caseId}:ADMIN`))!.events, system.clock.now());
    expect(wall((await clockAt()).deadline)).toBe('2026-09-20 23:59:59');
    // when the department asks for a supplement on Wednesday 9-9 10:00 (9-8 and 9-9 used, 8 left) …
    system.clock.set(bj('2026-09-09T10:00:00'));
    await completeTask(
      'Task_Review',
      { action: 'SUPPLEMENT', missingMaterials: ['消防设计文件(修改稿)'], completedBy: reviewer2 },
      { caseId },
    );
    await waitFor(async () => (await state(caseId)) === 'SUPPLEMENT_PENDING', { what: 'supplement requested' });
    expect(await clockAt()).toMatchObject({ status: 'PAUSED', resumesWithDays: 8, elapsedDays: 2 });
    // … the applicant re-submits on Monday 9-14 10:00 …
    system.clock.set(bj('2026-09-14T10:00:00'));
    await system.useCases.handInSupplement.toCase(applicantUser, caseId, []);
    // then the clock runs again at once with its 8 days: 9-10, 11, 14 handed back, due Wednesday 9-23
    const resubmitted = await clockAt();
    expect({
      status: resubmitted.status,
      deadline: wall(resubmitted.deadline),
      remaining: resubmitted.remainingDays,
      paused: resubmitted.pausedDays,
    }).toEqual({ status: 'RUNNING', deadline: '2026-09-23 23:59:59', remaining: 8, paused: 3 });
    // (the re-submission message lives an hour: let it reach the process before moving time by days)
    await userTask(system, 'Task_DecideExtension', { group: 'ZH_ZJJ' });
    // when the lead department decides a 3-working-day extension on Thursday 9-17 15:00
    system.clock.set(bj('2026-09-17T15:00:00'));
    await completeTask(
      'Task_DecideExtension',
      { extensionDays: 3, extensionReason: '补件内容较多', completedBy: lead },
      { group: 'ZH_ZJJ' },
    );
    await waitFor(async () => (await loadClock(get().db, `${caseId}:ADMIN`))!.events.at(-1)?.type === 'EXTEND', {
      what: 'extension recorded',
    });
    // then the three days the lead took (9-15, 16, 17) were used, and the extension moves the deadline
    // from 9-23 by 3 working days — 9-24, then 中秋 9-25 off, 9-28, 9-29 — to Tuesday 9-29 (resuming only
    // at the decision would have handed back six days, and due 10-9)
    const decided = await clockAt();
    expect({
      deadline: wall(decided.deadline),
      total: decided.totalDays,
      elapsed: decided.elapsedDays,
      remaining: decided.remainingDays,
      paused: decided.pausedDays,
    }).toEqual({ deadline: '2026-09-29 23:59:59', total: 13, elapsed: 5, remaining: 8, paused: 3 });
    expect((await loadClock(get().db, `${caseId}:ADMIN`))!.events.map((e) => `${e.type} ${wall(e.at)}`)).toEqual([
      'START 2026-09-07 09:00:00',
      'PAUSE 2026-09-09 10:00:00',
      'RESUME 2026-09-14 10:00:00',
      'EXTEND 2026-09-17 15:00:00',
    ]);
  });

  it('withdrawal ends the application and every open case, and stops their clocks', async () => {
    const code = projectCode();
    await register(code);
    const a = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-04'],
      channel: 'online',
      actor: applicant,
      materials: upload('M110'),
    });
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { processInstanceKey: a.processInstanceKey });
    await waitFor(async () => (await state(a.caseIds[0]!)) === 'IN_REVIEW', { what: 'in review' });
    await system.useCases.withdrawApplication(applicantUser, a.applicationId, '项目调整');
    await waitFor(async () => (await state(a.caseIds[0]!)) === 'WITHDRAWN', { what: 'withdrawn' });
    await waitFor(async () => (await instanceState(a.processInstanceKey)) === 'COMPLETED', {
      what: 'the stage instance to end',
    });
    expect((await loadClock(get().db, `${a.caseIds[0]}:ADMIN`))!.events.at(-1)?.type).toBe('STOP');
    expect((await listCaseEvents(get().db, a.caseIds[0]!)).at(-1)!.blzt).toBe(14);
  });

  it('overdue: yellow, red and the supervisor rung each fire exactly once', async () => {
    const code = projectCode();
    await register(code);
    const a = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-04'],
      channel: 'online',
      actor: applicant,
      materials: upload('M110'),
    });
    await completeTask('Task_InitialCheck', { materialChecks: [] }, { processInstanceKey: a.processInstanceKey });
    const caseId = a.caseIds[0]!;
    await waitFor(async () => (await state(caseId)) === 'IN_REVIEW', { what: 'in review' });
    const clockId = `${caseId}:ADMIN`;
    const mine = (template: string) => sms(template).filter((m) => m.idempotencyKey.startsWith(clockId));
    // the department's people on file: a reviewer and its head (the city supervisor is a demo account)
    await seedAccounts(system, get(), [
      {
        username: 'reviewer.cgj',
        displayName: '市城管局经办人',
        roles: ['REVIEWER'],
        departmentCode: 'ZH_CGJ',
        regionCode: '440400',
        phone: '13900000101',
      },
      {
        username: 'head.cgj',
        displayName: '市城管局负责人',
        roles: ['DEPT_HEAD'],
        departmentCode: 'ZH_CGJ',
        regionCode: '440400',
        phone: '13900000102',
      },
    ]);
    await system.contacts.refresh();
    // 3-working-day item: move a day at a time for three weeks, letting the minute sweep run
    for (let d = 0; d < 21; d++) {
      system.clock.advance(DAY);
      await system.engine.scheduler!.tick();
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor(async () => mine('ESCALATION').length === 1, { what: 'escalation', timeoutMs: 10_000 });
    expect(mine('YELLOW_WARNING')).toHaveLength(1);
    expect(mine('RED_WARNING')).toHaveLength(1);
    // each to the people on file: the handler and the head, then (3 working days late) the city supervisor
    expect(mine('YELLOW_WARNING')[0]!.phones.sort()).toEqual(['13900000101', '13900000102']);
    expect(mine('ESCALATION')[0]!.phones).toContain('13800138007');
    expect((await get().db.select().from(itemCase).where(eq(itemCase.id, caseId)))[0]!.state).toBe('IN_REVIEW');
  });
});
