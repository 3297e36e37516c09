import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createIssueReceiptWorker } from './issue-receipt.worker.ts';

const TYPE = JOB_TYPES.issueReceipt;

describeEachDatabase('approval.issue-receipt worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createIssueReceiptWorker(f.steps);

  it('receives the application: case numbers, acceptance as the clerk, distribution as the system, clocks running, a receipt text', async () => {
    // given a complete application of two items, checked
    const { applicationId, caseIds } = await f.checked({ items: ['ZH-S3-03', 'ZH-S3-04'] });
    // when the receipt is issued
    const outcome = await worker().handler(f.job(TYPE, { applicationId, checkedBy: PEOPLE.window }));
    // then each case has its number, was accepted by the clerk and distributed by the system, and its clock runs
    const caseNumbers = outcome.variables!.caseNumbers as Record<string, string>;
    expect(Object.keys(caseNumbers)).toEqual(caseIds);
    for (const caseId of caseIds) {
      const events = await f.events(caseId);
      expect(events.map((e) => [e.type, e.actor])).toEqual([
        ['ACCEPTED', PEOPLE.window],
        ['REVIEW_STARTED', SYSTEM_ACTOR],
      ]);
      expect((await f.itemCase(caseId))!.caseNumber).toBe(caseNumbers[caseId]);
      expect((await f.clocksOf(caseId)).map((c) => c.events.map((e) => e.type))).toEqual([['START']]);
    }
    expect((await f.events(applicationId)).at(-1)).toMatchObject({ type: 'RECEIPT', actor: PEOPLE.window });
    expect(f.sms.filter((m) => m.idempotencyKey.startsWith(applicationId))).toEqual([
      expect.objectContaining({
        templateId: 'FORMAL_RECEIPT',
        params: expect.objectContaining({ caseNo: Object.values(caseNumbers).join('、'), limitDays: '3' }),
      }),
    ]);
  });

  it('refuses a malformed clerk without retries, naming the variable', async () => {
    // given an application
    const { applicationId } = await f.checked({ items: ['ZH-S3-04'] });
    // when checkedBy has no user id
    const handled = worker().handler(f.job(TYPE, { applicationId, checkedBy: { userId: '', role: 'WINDOW' } }));
    // then the job is an incident naming checkedBy
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable checkedBy'),
    });
  });

  it('numbers, records and sends nothing twice when the job is delivered again, even an hour later', async () => {
    // given a receipt issued
    const { applicationId, caseIds } = await f.checked({ items: ['ZH-S3-04'] });
    const job = f.job(TYPE, { applicationId, checkedBy: PEOPLE.window });
    const first = await worker().handler(job);
    // when the job is delivered again an hour later
    f.clock.advance(3_600_000);
    const second = await worker().handler(job);
    // then the same case numbers, the events once, the same text once (its receivedAt the first one)
    expect(second).toEqual(first);
    expect((await f.events(caseIds[0]!)).map((e) => e.type)).toEqual(['ACCEPTED', 'REVIEW_STARTED']);
    expect((await f.events(applicationId)).filter((e) => e.type === 'RECEIPT')).toHaveLength(1);
    expect(f.sms.filter((m) => m.idempotencyKey.startsWith(applicationId))).toHaveLength(1);
  });
});
