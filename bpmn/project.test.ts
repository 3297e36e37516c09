/**
 * The project tracker (bpmn/project.bpmn): a project registered by its code goes through the four
 * stages in order, with the utility connections (stage 9) as the parallel track after 工程建设许可;
 * a stage applied for before the tracker reaches it waits (the message is buffered), and the project
 * ends only when both the main line and the parallel track are done.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../test/db.ts';
import { startTestSystem, userTask } from '../test/system-harness.ts';
import { waitFor } from '../test/engine-driver.ts';
import type { System } from '../system.ts';
import type { ManualClock } from '../infra/clock.ts';
import { project, stageApplication } from '../infra/db/schema.ts';

const window = { userId: 'window-1', role: 'WINDOW', departmentCode: 'ZH_ZWFW' };

describeEachDatabase('project across the stages', (get) => {
  let system: System & { clock: ManualClock };
  beforeAll(async () => {
    system = await startTestSystem(get());
  });
  afterAll(async () => {
    await system?.close();
  });

  const engine = () => system.engine.engine;
  const trackerState = async (code: string) => {
    const key = (await get().db.select().from(project).where(eq(project.code, code)))[0]!.processInstanceKey!;
    return { key, info: (await engine().getProcessInstance(key))! };
  };
  const activeCatches = async (key: string) =>
    (await engine().getElementHistory(key))
      .filter((h) => h.elementId.startsWith('Catch_'))
      .reduce((open, h) => {
        if (h.event === 'ACTIVATED') open.add(h.elementId);
        else open.delete(h.elementId);
        return open;
      }, new Set<string>());

  /** Applies for a stage with every material of the items; returns the application id. */
  async function apply(code: string, stage: number): Promise<string> {
    const items = system.catalog
      .itemsOfStage(stage)
      .filter((i) => !i.parallelTrack)
      .slice(0, 1);
    const materials = [...new Set(items.flatMap((i) => i.materials.map((m) => m.id)))].map((materialId) => ({
      materialId,
      source: 'upload' as const,
      sha256: 'b'.repeat(64),
      fileName: `${materialId}.pdf`,
      size: 2048,
    }));
    const { applicationId } = await system.applications.submit({
      projectCode: code,
      stage,
      items: items.map((i) => i.code),
      materials,
      channel: 'window',
      actor: window,
    });
    return applicationId;
  }

  /** Drives an application from the window check to its results. */
  async function complete(applicationId: string, decision: 'APPROVED' | 'REJECTED' = 'APPROVED'): Promise<void> {
    const app = async () =>
      (await get().db.select().from(stageApplication).where(eq(stageApplication.id, applicationId)))[0]!;
    const processInstanceKey = await waitFor(async () => (await app()).processInstanceKey, { what: 'instance' });
    await engine().completeUserTask((await userTask(system, 'Task_InitialCheck', { processInstanceKey })).key, {
      materialChecks: [],
    });
    for (const c of await waitFor(
      async () => {
        const tasks = (await engine().listUserTasks({ elementId: 'Task_Review', state: 'CREATED' })).filter(
          (t) => t.variables.applicationId === applicationId,
        );
        return tasks.length ? tasks : undefined;
      },
      { what: 'reviews' },
    ))
      await engine().completeUserTask(c.key, { action: 'OPINION', opinion: '同意' });
    await engine().completeUserTask((await userTask(system, 'Task_JointReview', { processInstanceKey })).key, {
      conclusion: '会审通过',
    });
    for (const d of await waitFor(
      async () => {
        const tasks = (await engine().listUserTasks({ elementId: 'Task_Decide', state: 'CREATED' })).filter(
          (t) => t.variables.applicationId === applicationId,
        );
        return tasks.length ? tasks : undefined;
      },
      { what: 'decisions' },
    ))
      await engine().completeUserTask(d.key, { decision });
    await waitFor(async () => (await app()).state === 'DECIDED', {
      what: `${applicationId} decided`,
      timeoutMs: 30_000,
    });
  }

  it('follows a project through the four stages and the parallel track, in order', async () => {
    const code = '2604-440402-04-01-800001';
    await system.applications.registerProject({
      code,
      name: '全流程项目',
      ownerName: '珠海某建设有限公司',
      ownerUscc: '91440400MA4W000009',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      contactPhone: '13912345678',
    });
    const { key } = await trackerState(code);
    expect(await activeCatches(key)).toEqual(new Set(['Catch_Applied1']));

    await complete(await apply(code, 1));
    await waitFor(async () => (await activeCatches(key)).has('Catch_Applied2'), { what: 'tracker at stage 2' });
    // the utility connections applied early: the message waits until the track opens after stage 2
    const utilities = await apply(code, 9);
    await complete(await apply(code, 2));
    await waitFor(
      async () =>
        (await activeCatches(key)).has('Catch_Completed9') && (await activeCatches(key)).has('Catch_Applied3'),
      { what: 'both tracks open' },
    );
    await complete(await apply(code, 3));
    await complete(await apply(code, 4));
    await waitFor(async () => (await activeCatches(key)).size === 1, { what: 'main line done' });
    expect(await activeCatches(key)).toEqual(new Set(['Catch_Completed9']));
    expect((await trackerState(code)).info.state).toBe('ACTIVE');
    // the parallel track completes: the project is done
    await complete(utilities);
    await waitFor(async () => (await trackerState(code)).info.state === 'COMPLETED', {
      what: 'project completed',
      timeoutMs: 30_000,
    });
  });

  it('keeps waiting for a stage whose item was refused (不予许可) until the re-application is granted', async () => {
    const code = '2604-440402-04-01-800002';
    await system.applications.registerProject({
      code,
      name: '驳回后重新申报项目',
      ownerName: '珠海某建设有限公司',
      ownerUscc: '91440400MA4W000009',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      contactPhone: '13912345678',
    });
    const { key } = await trackerState(code);
    // when stage 1 is refused
    await complete(await apply(code, 1), 'REJECTED');
    // then the tracker still waits for stage 1's completion (give the workers time to have moved it, had they)
    await new Promise((r) => setTimeout(r, 1500));
    expect(await activeCatches(key)).toEqual(new Set(['Catch_Completed1']));
    // and the re-application, granted, moves it to stage 2
    // (its stage-applied message finds no open catch any more: it is buffered, not refused)
    await complete(await apply(code, 1));
    await waitFor(async () => (await activeCatches(key)).has('Catch_Applied2'), {
      what: 'tracker at stage 2 after the re-application',
    });
    expect(await activeCatches(key)).toEqual(new Set(['Catch_Applied2']));
  });
});
