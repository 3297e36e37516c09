import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createRecordWithdrawalWorker } from './record-withdrawal.worker.ts';

const TYPE = JOB_TYPES.recordWithdrawal;

describeEachDatabase('approval.record-withdrawal worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createRecordWithdrawalWorker(f.steps);

  it('withdraws the application and every open case as the applicant who withdrew; the clocks stop', async () => {
    // given an application under review
    const { applicationId, caseIds } = await f.received({ items: ['ZH-S3-03', 'ZH-S3-04'] });
    // when the applicant withdraws it (the message names them by user id)
    await worker().handler(
      f.job(TYPE, { applicationId, withdrawnBy: PEOPLE.applicant.userId, withdrawReason: '项目调整' }),
    );
    // then the application and its cases are withdrawn as that applicant, and no clock runs
    expect((await f.events(applicationId)).at(-1)).toMatchObject({
      type: 'WITHDRAWN',
      actor: PEOPLE.applicant,
      payload: { reason: '项目调整' },
    });
    for (const caseId of caseIds) {
      expect((await f.events(caseId)).at(-1)).toMatchObject({ type: 'WITHDRAWN', actor: PEOPLE.applicant });
      expect((await f.clocksOf(caseId)).map((c) => c.events.at(-1)?.type)).toEqual(['STOP']);
    }
  });

  it('refuses a malformed withdrawer without retries, naming the variable', async () => {
    // given an application
    const { applicationId } = await f.received({ items: ['ZH-S3-04'] });
    // when withdrawnBy is a number
    const handled = worker().handler(f.job(TYPE, { applicationId, withdrawnBy: 42 }));
    // then the job is an incident naming withdrawnBy
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable withdrawnBy'),
    });
  });

  it('records and stops nothing twice when the job is delivered again', async () => {
    // given a withdrawal recorded
    const { applicationId, caseIds } = await f.received({ items: ['ZH-S3-04'] });
    const job = f.job(TYPE, { applicationId, withdrawnBy: PEOPLE.applicant.userId, withdrawReason: null });
    await worker().handler(job);
    // when the job is delivered again
    f.clock.advance(60_000);
    await worker().handler(job);
    // then one withdrawal each, one stop
    expect((await f.events(applicationId)).filter((e) => e.type === 'WITHDRAWN')).toHaveLength(1);
    expect((await f.events(caseIds[0]!)).filter((e) => e.type === 'WITHDRAWN')).toHaveLength(1);
    expect((await f.clocksOf(caseIds[0]!))[0]!.events.filter((e) => e.type === 'STOP')).toHaveLength(1);
  });
});
