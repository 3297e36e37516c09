import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { actor, appFixture, userTask } from '../../test/app-fixture.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Repositories, Store } from '../../domain/ports/store.port.ts';
import { createRegisterProject } from '../intake/register-project.ts';
import { createSubmitApplication } from '../intake/submit-application.ts';
import { createRequestSupplement } from '../cases/request-supplement.ts';
import { createClaimTask } from './claim-task.ts';
import { createCompleteTask } from './complete-task.ts';
import { createListTasks } from './list-tasks.ts';

describeEachDatabase('department tasks (use cases)', (get) => {
  let f: Awaited<ReturnType<typeof appFixture>>;
  let caseId: string;
  let otherCaseId: string;
  const owner = actor(['APPLICANT'], { userId: 'u-owner', departmentCode: 'APPLICANT', orgUscc: '91440400MA4W000001' });
  const reviewer = actor(['REVIEWER'], { userId: 'u-reviewer-zjj', departmentCode: 'ZH_ZJJ' });
  const colleague = actor(['REVIEWER'], { userId: 'u-reviewer2-zjj', departmentCode: 'ZH_ZJJ' });
  const outsider = actor(['REVIEWER'], { userId: 'u-reviewer-sw', departmentCode: 'ZH_SWJ' });

  beforeAll(async () => {
    f = await appFixture(get());
    const code = '2606-440402-04-01-800001';
    await createRegisterProject({
      store: f.store,
      clock: f.clock,
      projectCodes: { verify: async () => ({ valid: true }) },
    })(owner, {
      code,
      name: '待办测试项目',
      ownerName: '珠海某建设有限公司',
      ownerUscc: '91440400MA4W000001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
    const submitted = await createSubmitApplication({
      store: f.store,
      catalog: f.catalog,
      catalogVersion: f.catalogVersion,
      clock: f.clock,
    })(owner, {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03', 'ZH-S3-04'],
      materials: [],
      channel: 'online',
    });
    [caseId, otherCaseId] = submitted.caseIds as [string, string];
    const departments = await f.store.read.cases.itemCasesOf([submitted.applicationId]);
    // the engine has a review task for each item case, in its department's group
    f.tasks.push(
      ...departments.map((c, i) =>
        userTask(
          String(9001 + i),
          'Task_Review',
          { caseId: c.id, applicationId: submitted.applicationId },
          { candidateGroups: [c.department], processInstanceKey: submitted.processInstanceKey! },
        ),
      ),
    );
  });
  const deps = () => ({ store: f.store, engine: f.engine, catalog: f.catalog, clock: f.clock });

  it("lists only the tasks of the actor's department that it may act on", async () => {
    // when a reviewer of the case's department and one of another department list their group's tasks
    const mine = await createListTasks(deps())(reviewer, { scope: 'group', limit: 50, offset: 0 });
    const theirs = await createListTasks(deps())(outsider, { scope: 'group', limit: 50, offset: 0 });
    // then each sees the tasks of its own department's cases, with the case they belong to
    const department = (await f.store.read.cases.itemCase(caseId))!.department;
    expect(mine.items.every((t) => t.department === reviewer.departmentCode)).toBe(true);
    expect(mine.items.map((t) => t.caseId)).toContain(department === 'ZH_ZJJ' ? caseId : otherCaseId);
    expect(theirs.items.every((t) => t.department === 'ZH_SWJ')).toBe(true);
  });

  it('completes a review as the person who acted, claim and completion in one unit of work', async () => {
    // given the review task of a ZH_ZJJ case
    const task = (await createListTasks(deps())(reviewer, { scope: 'group', limit: 50, offset: 0 })).items[0]!;
    const before = f.committed.length;
    // when the reviewer records an opinion
    const done = await createCompleteTask(deps())(reviewer, task.id, { action: 'OPINION', opinion: '同意' });
    // then the engine was told to complete it, assigned to the reviewer, with who completed it
    expect(f.committed.slice(before)).toEqual([
      {
        kind: 'completeUserTask',
        request: { userTaskKey: task.id, assignee: 'u-reviewer-zjj', variables: done.variables },
      },
    ]);
    expect(done.variables).toMatchObject({
      action: 'OPINION',
      opinion: '同意',
      completedBy: { userId: 'u-reviewer-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' },
    });
  });

  it('refuses a task claimed by a colleague, a task outside the department, and a bad form, committing nothing', async () => {
    const task = (await createListTasks(deps())(reviewer, { scope: 'group', limit: 50, offset: 0 })).items[0]!;
    await createClaimTask(deps())(colleague, task.id);
    const before = f.committed.length;
    f.tasks.find((t) => t.key === task.id)!.assignee = colleague.userId;
    await expect(
      createCompleteTask(deps())(reviewer, task.id, { action: 'OPINION', opinion: '同意' }),
    ).rejects.toMatchObject({ code: 'TASK_CLAIM_CONFLICT' });
    await expect(
      createCompleteTask(deps())(outsider, task.id, { action: 'OPINION', opinion: '同意' }),
    ).rejects.toMatchObject({ code: 'TASK_NOT_FOUND', details: { field: 'params.id' } });
    await expect(createCompleteTask(deps())(colleague, task.id, { action: 'OPINION' })).rejects.toMatchObject({
      code: 'TASK_INPUT_INVALID',
      details: { field: 'body.opinion' },
    });
    expect(f.committed.length).toBe(before);
    f.tasks.find((t) => t.key === task.id)!.assignee = null;
  });

  it('a decision refused by supervision commits nothing; one it passes commits its record with the decision', async () => {
    const decide = userTask('9101', 'Task_Decide', { caseId }, { candidateGroups: ['ZH_ZJJ'] });
    f.tasks.push(decide);
    const head = actor(['DEPT_HEAD'], {
      userId: 'u-head',
      departmentCode: (await f.store.read.cases.itemCase(caseId))!.department,
    });
    const recorded: unknown[] = [];
    const before = f.committed.length;
    const refusing = {
      check: async () => {
        throw new DomainError('A1_TOO_FAST', '秒办件', { field: 'body.override' });
      },
    };
    await expect(
      createCompleteTask({ ...deps(), decisionGuard: refusing })(head, '9101', { decision: 'APPROVED' }),
    ).rejects.toMatchObject({ code: 'A1_TOO_FAST' });
    expect(f.committed.length).toBe(before);
    const passing = {
      check: async () => ({
        commit: async (tx: unknown) => {
          recorded.push(tx);
        },
      }),
    };
    await createCompleteTask({ ...deps(), decisionGuard: passing })(head, '9101', { decision: 'APPROVED' });
    expect(recorded).toHaveLength(1);
    expect(f.committed.at(-1)).toMatchObject({ kind: 'completeUserTask', request: { userTaskKey: '9101' } });
  });

  it('a supplement request reads the case, its application, siblings and owner once', async () => {
    // given a store that counts its reads
    const reads: string[] = [];
    const counting: Store = {
      ...f.store,
      read: {
        ...f.store.read,
        cases: new Proxy(f.store.read.cases, {
          get: (target, name: keyof Repositories['cases']) => {
            const fn = target[name] as (...a: unknown[]) => unknown;
            return (...a: unknown[]) => {
              reads.push(String(name));
              return fn(...a);
            };
          },
        }),
      },
    };
    const department = (await f.store.read.cases.itemCase(caseId))!.department;
    const asker = actor(['REVIEWER'], { userId: 'u-asker', departmentCode: department });
    // when a reviewer asks for a supplement on the case
    const completeTask = createCompleteTask({ ...deps(), store: counting });
    await createRequestSupplement({ store: counting, engine: f.engine, completeTask })(asker, caseId, {
      missingMaterials: ['M100 施工许可申请表(盖章页)'],
    });
    // then each of the four was read once
    expect(reads.sort()).toEqual(['application', 'itemCase', 'itemCasesOf', 'ownersOf']);
  });

  it("finds the case's task however many other open reviews there are (narrowed to the case's process instance)", async () => {
    // given 1,000 open reviews of other applications, listed before this case's own
    const department = (await f.store.read.cases.itemCase(otherCaseId))!.department;
    const decoys = Array.from({ length: 1000 }, (_, i) =>
      userTask(
        String(50000 + i),
        'Task_Review',
        { caseId: `AOTHER${i}-01`, applicationId: `AOTHER${i}` },
        { candidateGroups: [department], processInstanceKey: '999' },
      ),
    );
    f.tasks.unshift(...decoys);
    const before = f.committed.length;
    // when a reviewer of the case's department asks for a supplement
    const asker = actor(['REVIEWER'], { userId: 'u-asker2', departmentCode: department });
    const done = await createRequestSupplement({
      store: f.store,
      engine: f.engine,
      completeTask: createCompleteTask(deps()),
    })(asker, otherCaseId, { missingMaterials: ['M110 处置方案(补充)'] });
    // then the case's own task was completed
    const own = f.tasks.find((t) => t.variables.caseId === otherCaseId)!;
    expect(done.taskId).toBe(own.key);
    expect(f.committed.slice(before)).toMatchObject([{ kind: 'completeUserTask', request: { userTaskKey: own.key } }]);
    f.tasks.splice(0, decoys.length);
  });
});
