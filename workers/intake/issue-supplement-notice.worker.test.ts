import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createIssueSupplementNoticeWorker } from './issue-supplement-notice.worker.ts';

const TYPE = JOB_TYPES.issueSupplementNotice;
const without = (...ids: string[]) => ['M100', 'M101', 'M102', 'M103', 'M104'].filter((m) => !ids.includes(m));

describeEachDatabase('approval.issue-supplement-notice worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createIssueSupplementNoticeWorker(f.steps);

  it('issues one notice listing every missing material, as the clerk who checked, and texts the applicant', async () => {
    // given an application the check found without its funding pledge
    const { applicationId, missing } = await f.checked({ items: ['ZH-S3-03'], materials: without('M104') });
    // when the notice is issued
    const outcome = await worker().handler(
      f.job(TYPE, { applicationId, missingMaterials: missing, checkedBy: PEOPLE.window }),
    );
    // then the application waits for the supplement and the applicant is told what is missing
    expect(outcome).toEqual({ outcome: 'complete', variables: {} });
    const notice = (await f.events(applicationId)).find((e) => e.type === 'SUPPLEMENT_NOTICE')!;
    expect(notice.actor).toEqual(PEOPLE.window);
    expect(missing.map((m) => m.materialId)).toEqual(['M104']);
    expect(notice.payload.missing).toEqual(missing);
    expect(f.sms.filter((m) => m.params.caseNo === applicationId)).toEqual([
      expect.objectContaining({
        templateId: 'SUPPLEMENT_NOTICE',
        params: expect.objectContaining({ materials: '建设资金落实承诺书(告知承诺)' }),
      }),
    ]);
  });

  it('refuses a notice with nothing in it without retries, naming the variable', async () => {
    // given an application the check found incomplete
    const { applicationId } = await f.checked({ items: ['ZH-S3-03'], materials: without('M104') });
    // when the missing list is empty
    const handled = worker().handler(f.job(TYPE, { applicationId, missingMaterials: [] }));
    // then the job is an incident naming missingMaterials, and nothing is recorded or sent
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable missingMaterials'),
    });
    expect((await f.events(applicationId)).map((e) => e.type)).toEqual(['SUBMITTED', 'PRECHECKED']);
    expect(f.sms.filter((m) => m.params.caseNo === applicationId)).toEqual([]);
  });

  it('records and sends nothing twice when the job is delivered again', async () => {
    // given a notice already issued
    const { applicationId, missing } = await f.checked({ items: ['ZH-S3-03'], materials: without('M104') });
    const job = f.job(TYPE, { applicationId, missingMaterials: missing, checkedBy: PEOPLE.window });
    await worker().handler(job);
    // when the job is delivered again
    await worker().handler(job);
    // then one notice, one text (the same message under the same key)
    expect((await f.events(applicationId)).filter((e) => e.type === 'SUPPLEMENT_NOTICE')).toHaveLength(1);
    expect(f.sms.filter((m) => m.params.caseNo === applicationId)).toHaveLength(1);
  });
});
