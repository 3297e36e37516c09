import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createRecordJointReviewWorker } from './record-joint-review.worker.ts';

const TYPE = JOB_TYPES.recordJointReview;

describeEachDatabase('approval.record-joint-review worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createRecordJointReviewWorker(f.steps);

  it('records the conclusion over every opinion as the lead person who held the joint review', async () => {
    // given a received application whose departments gave their opinions
    const { applicationId, caseIds } = await f.received({ items: ['ZH-S3-03', 'ZH-S3-04'] });
    const opinions = caseIds.map((caseId) => ({ caseId, opinion: '同意' }));
    // when the joint review's conclusion is recorded
    await worker().handler(
      f.job(TYPE, { applicationId, jointConclusion: '会审通过', opinions, jointReviewedBy: PEOPLE.lead }),
    );
    // then the application has it, as the lead's
    expect((await f.events(applicationId)).at(-1)).toMatchObject({
      type: 'JOINT_REVIEWED',
      actor: PEOPLE.lead,
      payload: { conclusion: '会审通过', opinions },
    });
  });

  it('records the system, with a warning, when no person was carried — never an invented one', async () => {
    // given a received application
    const { applicationId } = await f.received({ items: ['ZH-S3-04'] });
    // when the task was completed without completedBy (jointReviewedBy null)
    await worker().handler(f.job(TYPE, { applicationId, jointConclusion: null, jointReviewedBy: null }));
    // then the event names the system and the gap is reported
    expect((await f.events(applicationId)).at(-1)).toMatchObject({
      type: 'JOINT_REVIEWED',
      actor: SYSTEM_ACTOR,
      payload: { conclusion: '同意', opinions: [] },
    });
    expect(f.warnings).toContainEqual({
      facts: { aggregateId: applicationId, event: 'JOINT_REVIEWED' },
      message: expect.any(String),
    });
  });

  it('refuses malformed opinions without retries, naming the variable', async () => {
    // given a received application
    const { applicationId } = await f.received({ items: ['ZH-S3-04'] });
    // when the opinions are not a list
    const handled = worker().handler(f.job(TYPE, { applicationId, opinions: '同意', jointReviewedBy: PEOPLE.lead }));
    // then the job is an incident naming opinions
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable opinions'),
    });
  });

  it('records nothing twice when the job is delivered again', async () => {
    // given a conclusion recorded
    const { applicationId } = await f.received({ items: ['ZH-S3-04'] });
    const job = f.job(TYPE, { applicationId, jointConclusion: '会审通过', opinions: [], jointReviewedBy: PEOPLE.lead });
    await worker().handler(job);
    // when the job is delivered again
    await worker().handler(job);
    // then it is there once
    expect((await f.events(applicationId)).filter((e) => e.type === 'JOINT_REVIEWED')).toHaveLength(1);
  });
});
