import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES, MESSAGES } from '../../domain/process-contract.ts';
import { createNotifyResultsWorker } from './notify-results.worker.ts';

const TYPE = JOB_TYPES.notifyResults;

describeEachDatabase('approval.notify-results worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createNotifyResultsWorker(f.steps);
  const decided = async (decisions: ('APPROVED' | 'REJECTED')[]) => {
    const items = ['ZH-S3-03', 'ZH-S3-04'].slice(0, decisions.length);
    const applied = await f.received({ items });
    for (const [i, caseId] of applied.caseIds.entries()) {
      await f.steps.recordDecision({
        step: { jobType: JOB_TYPES.recordDecision, elementInstanceKey: `d-${caseId}` },
        caseId,
        decision: decisions[i]!,
        conditions: null,
        decidedBy: PEOPLE.head,
      });
    }
    return applied;
  };
  const completedOf = (projectCode: string) =>
    f.messages.filter((m) => m.name === MESSAGES.stageCompleted && m.correlationKey === `${projectCode}/3`);

  it('marks the application decided as the system, tells the applicant, and moves the project on when all was granted', async () => {
    // given a stage whose two items were approved
    const { applicationId, caseIds, projectCode } = await decided(['APPROVED', 'APPROVED']);
    // when the results are notified
    await worker().handler(f.job(TYPE, { applicationId }));
    // then the application is decided by the system, the applicant told both results, the tracker told the stage is done
    expect((await f.events(applicationId)).at(-1)).toMatchObject({
      type: 'DECIDED',
      actor: SYSTEM_ACTOR,
      payload: { decisions: caseIds.map((caseId) => ({ caseId, decision: 'APPROVED' })) },
    });
    expect(f.sms.filter((m) => m.templateId === 'RESULT_READY' && m.idempotencyKey.startsWith(applicationId))).toEqual([
      expect.objectContaining({
        params: expect.objectContaining({
          result: '建筑工程施工许可证核发(含质量安全监督)准予许可；城市建筑垃圾处置核准准予许可',
        }),
      }),
    ]);
    expect(completedOf(projectCode)).toEqual([
      expect.objectContaining({
        messageId: `${applicationId}:completed`,
        variables: {
          stage3Decisions: [
            { itemCode: 'ZH-S3-03', decision: 'APPROVED' },
            { itemCode: 'ZH-S3-04', decision: 'APPROVED' },
          ],
        },
      }),
    ]);
  });

  it('keeps the project waiting after a rejection', async () => {
    // given a stage whose item was rejected
    const { applicationId, projectCode } = await decided(['REJECTED']);
    // when the results are notified
    await worker().handler(f.job(TYPE, { applicationId }));
    // then no stage-completed message goes out
    expect(completedOf(projectCode)).toEqual([]);
  });

  it('refuses a missing application id without retries, naming the variable', async () => {
    // when the job has no application id
    const handled = worker().handler(f.job(TYPE, {}));
    // then the job is an incident naming applicationId
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable applicationId is missing'),
    });
  });

  it('records, sends and publishes nothing twice when the job is delivered again', async () => {
    // given results notified
    const { applicationId, projectCode } = await decided(['APPROVED']);
    const job = f.job(TYPE, { applicationId });
    await worker().handler(job);
    // when the job is delivered again (the engine refuses the message id it holds)
    await worker().handler(job);
    // then one event, one text, one message
    expect((await f.events(applicationId)).filter((e) => e.type === 'DECIDED')).toHaveLength(1);
    expect(
      f.sms.filter((m) => m.templateId === 'RESULT_READY' && m.idempotencyKey.startsWith(applicationId)),
    ).toHaveLength(1);
    expect(completedOf(projectCode)).toHaveLength(1);
  });
});
