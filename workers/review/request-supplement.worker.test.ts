import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createRequestSupplementWorker } from './request-supplement.worker.ts';

const TYPE = JOB_TYPES.requestSupplement;

describeEachDatabase('approval.request-supplement worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createRequestSupplementWorker(f.steps);
  const noticesOf = (caseId: string) =>
    f.sms.filter((m) => m.templateId === 'SUPPLEMENT_NOTICE' && m.idempotencyKey.startsWith(caseId));

  it('pauses the clock from the request, as the reviewer who asked, and tells the applicant everything at once', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    // when the reviewer asks for two materials
    await worker().handler(
      f.job(TYPE, { caseId, missingMaterials: ['消防设计文件(修改稿)', '专家意见'], completedBy: PEOPLE.reviewer }),
    );
    // then the case waits for them as the reviewer asked, its clock paused, the applicant told both
    expect((await f.events(caseId!)).at(-1)).toMatchObject({
      type: 'SUPPLEMENT_REQUESTED',
      actor: PEOPLE.reviewer,
      payload: { missing: ['消防设计文件(修改稿)', '专家意见'] },
    });
    expect((await f.clocksOf(caseId!))[0]!.events.at(-1)).toMatchObject({ type: 'PAUSE', reason: 'SUPPLEMENT' });
    expect(noticesOf(caseId!)).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ materials: '消防设计文件(修改稿)、专家意见' }) }),
    ]);
  });

  it('refuses a malformed list without retries, naming the variable', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    // when the list is not a list
    const handled = worker().handler(f.job(TYPE, { caseId, missingMaterials: '专家意见' }));
    // then the job is an incident naming missingMaterials
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable missingMaterials must be array'),
    });
  });

  it('pauses and sends nothing twice when the job is delivered again', async () => {
    // given a request recorded
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    const job = f.job(TYPE, { caseId, missingMaterials: ['专家意见'], completedBy: PEOPLE.reviewer });
    await worker().handler(job);
    // when the job is delivered again
    f.clock.advance(60_000);
    await worker().handler(job);
    // then one request, one pause, one text
    expect((await f.events(caseId!)).filter((e) => e.type === 'SUPPLEMENT_REQUESTED')).toHaveLength(1);
    expect((await f.clocksOf(caseId!))[0]!.events.filter((e) => e.type === 'PAUSE')).toHaveLength(1);
    expect(noticesOf(caseId!)).toHaveLength(1);
  });
});
