/**
 * The outside systems slow or failing, on the whole system: a slow SMS gateway holds only the job
 * that waits for it (the API answers meanwhile), a gateway that is down makes the job retry and the
 * applicant gets the message exactly once when it is back, and a failing certificate service delays
 * the certificate without losing or doubling it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/db.ts';
import { startTestSystem, userTask } from '../test/system-harness.ts';
import { waitFor } from '../test/engine-driver.ts';
import { apiClient, type ApiClient } from '../test/api-client.ts';
import { getItemCase } from './db/case-rows.repo.ts';
import type { System } from '../system.ts';
import type { ManualClock } from './clock.ts';

describeEachDatabase('outside systems slow or failing', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  let serial = 0;
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    system.fakes.sms!.setDelay(0);
    await system?.close();
  });

  const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' };
  const apply = async (items: string[], materials: string[]) => {
    const code = `2604-440402-04-01-${String(600000 + ++serial)}`;
    await system.applications.registerProject({
      code,
      name: '故障测试项目',
      ownerName: '珠海示例建设有限公司',
      ownerUscc: '91440400MA4W000001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      contactPhone: '13912345678',
    });
    const submitted = await system.applications.submit({
      projectCode: code,
      stage: 3,
      items,
      channel: 'window',
      actor: window,
      materials: materials.map((materialId) => ({
        materialId,
        source: 'upload' as const,
        sha256: 'a'.repeat(64),
        fileName: `${materialId}.pdf`,
        size: 1024,
      })),
    });
    const task = await userTask(system, 'Task_InitialCheck', { processInstanceKey: submitted.processInstanceKey });
    await system.engine.engine.completeUserTask(task.key, { materialChecks: [] });
    return submitted;
  };
  const retryLater = async () => {
    system.clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 100));
  };

  it('a slow gateway holds the job that waits for it, not the API', async () => {
    // given an SMS gateway that takes 3 s to answer
    system.fakes.sms!.setDelay(3_000);
    const before = system.fakes.sms!.sent().length;
    // when an application is received (its receipt SMS waits for the gateway) and the API is asked meanwhile
    const { caseIds } = await apply(['ZH-S3-04'], ['M110']);
    await waitFor(async () => (await getItemCase(get().db, caseIds[0]!))?.caseNumber, {
      what: 'the case number (receipt committed)',
    });
    const me = await api.call('window', 'GET', '/api/v1/me');
    // then the API answered while the message was still on its way
    expect(me.statusCode).toBe(200);
    expect(system.fakes.sms!.sent().length).toBe(before);
    await waitFor(async () => system.fakes.sms!.sent().length > before, {
      what: 'the slow message',
      timeoutMs: 20_000,
    });
    system.fakes.sms!.setDelay(0);
  });

  it('a gateway that is down: the job retries and the applicant gets the receipt exactly once when it is back', async () => {
    // given the gateway down
    await system.fakes.sms!.setDown(true);
    const before = system.fakes.sms!.sent().filter((m) => m.templateId === 'FORMAL_RECEIPT').length;
    // when an application is received and the worker tries (and fails) a few times
    const { caseIds } = await apply(['ZH-S3-04'], ['M110']);
    await waitFor(async () => (await getItemCase(get().db, caseIds[0]!))?.caseNumber, {
      what: 'the receipt committed',
    });
    for (let i = 0; i < 2; i += 1) await retryLater();
    expect(system.fakes.sms!.sent().filter((m) => m.templateId === 'FORMAL_RECEIPT').length).toBe(before);
    // and the gateway comes back
    await system.fakes.sms!.setDown(false);
    for (let i = 0; i < 3; i += 1) await retryLater();
    // then the receipt went out once, and the case went on to review
    await waitFor(async () => (await getItemCase(get().db, caseIds[0]!))?.state === 'IN_REVIEW', {
      what: 'the case in review',
      timeoutMs: 20_000,
    });
    await waitFor(
      async () => system.fakes.sms!.sent().filter((m) => m.templateId === 'FORMAL_RECEIPT').length === before + 1,
      { what: 'the receipt SMS' },
    );
    for (let i = 0; i < 3; i += 1) await retryLater();
    expect(system.fakes.sms!.sent().filter((m) => m.templateId === 'FORMAL_RECEIPT').length).toBe(before + 1);
  });

  it('a failing certificate service: the certificate is issued once, after it recovers', async () => {
    // given a case decided while the certificate service answers 503
    const { caseIds, processInstanceKey } = await apply(['ZH-S3-04'], ['M110']);
    const caseId = caseIds[0]!;
    await waitFor(async () => (await getItemCase(get().db, caseId))?.state === 'IN_REVIEW', { what: 'in review' });
    await system.engine.engine.completeUserTask((await userTask(system, 'Task_Review', { caseId })).key, {
      action: 'OPINION',
      opinion: '同意',
    });
    await system.engine.engine.completeUserTask(
      (await userTask(system, 'Task_JointReview', { processInstanceKey })).key,
      { conclusion: '会审通过' },
    );
    system.fakes.certificates!.setFailWith(503);
    const issued = () =>
      system.fakes.certificates!.certificates().filter((c) => c.request.relatedItem.code === 'ZH-S3-04').length;
    const before = issued();
    system.clock.advance(20 * 60_000); // past the A1 minimum dwell
    await system.engine.engine.completeUserTask((await userTask(system, 'Task_Decide', { caseId })).key, {
      decision: 'APPROVED',
    });
    for (let i = 0; i < 2; i += 1) await retryLater();
    expect(issued()).toBe(before);
    // when it recovers
    system.fakes.certificates!.setFailWith(undefined);
    for (let i = 0; i < 3; i += 1) await retryLater();
    // then the result is issued with exactly one certificate
    await waitFor(async () => (await getItemCase(get().db, caseId))?.state === 'RESULT_ISSUED', {
      what: 'the result issued',
      timeoutMs: 20_000,
    });
    for (let i = 0; i < 3; i += 1) await retryLater();
    expect(issued()).toBe(before + 1);
  });
});
