import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createRecordOpinionWorker } from './record-opinion.worker.ts';

const TYPE = JOB_TYPES.recordOpinion;

describeEachDatabase('approval.record-opinion worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createRecordOpinionWorker(f.steps);

  it('records the opinion as the reviewer who gave it and hands it on for the joint review', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-03'] });
    // when the reviewer's opinion is recorded
    const outcome = await worker().handler(f.job(TYPE, { caseId, opinion: '符合要求', completedBy: PEOPLE.reviewer }));
    // then the case has it, as the reviewer's, and the review collects it
    expect(outcome).toEqual({ outcome: 'complete', variables: { opinion: { caseId, opinion: '符合要求' } } });
    expect((await f.events(caseId!)).at(-1)).toMatchObject({
      type: 'OPINION_RECORDED',
      actor: PEOPLE.reviewer,
      payload: { opinion: '符合要求' },
    });
  });

  it('takes an opinion without text as 同意', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-03'] });
    // when the opinion is null (the diagram's get or else)
    const outcome = await worker().handler(f.job(TYPE, { caseId, opinion: null, completedBy: PEOPLE.reviewer }));
    // then it is 同意
    expect(outcome.variables).toEqual({ opinion: { caseId, opinion: '同意' } });
  });

  it('refuses a malformed opinion without retries, naming the variable', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-03'] });
    // when the opinion is a number
    const handled = worker().handler(f.job(TYPE, { caseId, opinion: 5 }));
    // then the job is an incident naming opinion, and nothing is recorded
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable opinion must be string or must be null — got 5'),
    });
    expect((await f.events(caseId!)).map((e) => e.type)).toEqual(['ACCEPTED', 'REVIEW_STARTED']);
  });

  it('records nothing twice when the job is delivered again', async () => {
    // given an opinion recorded
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-03'] });
    const job = f.job(TYPE, { caseId, opinion: '同意', completedBy: PEOPLE.reviewer });
    await worker().handler(job);
    // when the job is delivered again
    await worker().handler(job);
    // then the opinion is there once
    expect((await f.events(caseId!)).filter((e) => e.type === 'OPINION_RECORDED')).toHaveLength(1);
  });
});
