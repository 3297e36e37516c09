import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createIssueResultWorker } from './issue-result.worker.ts';

const TYPE = JOB_TYPES.issueResult;

describeEachDatabase('approval.issue-result worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createIssueResultWorker(f.steps);
  const decided = async (itemCode: string, decision: 'APPROVED' | 'REJECTED') => {
    const {
      caseIds: [caseId],
    } = await f.received({ items: [itemCode] });
    await f.steps.recordDecision({
      step: { jobType: JOB_TYPES.recordDecision, elementInstanceKey: `d-${caseId}` },
      caseId: caseId!,
      decision,
      conditions: null,
      decidedBy: PEOPLE.head,
    });
    return caseId!;
  };

  it('issues an approved item its e-certificate once, links it to the case and records it as the head who decided', async () => {
    // given an approved construction-waste approval (an e-certificate)
    const caseId = await decided('ZH-S3-04', 'APPROVED');
    // when the result is issued
    const outcome = await worker().handler(f.job(TYPE, { caseId, completedBy: PEOPLE.head }));
    // then the certificate is issued for the owner, linked to the case, and the event is the head's
    const certificates = f.certificates.filter((c) => c.idempotencyKey === `result:${caseId}`);
    expect(certificates).toEqual([
      expect.objectContaining({
        typeName: '核准文件',
        holder: expect.objectContaining({ code: '91440400MA4W000001' }),
      }),
    ]);
    const [result] = await f.store.read.cases.resultsOfCases([caseId]);
    expect(result).toMatchObject({
      kind: 'ECERT',
      title: '核准文件',
      certificateId: expect.stringMatching(/^1\.2\.156/),
    });
    expect(outcome).toEqual({
      outcome: 'complete',
      variables: {
        result: { caseId, title: '核准文件', docNumber: result!.docNumber, certificateId: result!.certificateId },
      },
    });
    expect((await f.events(caseId)).at(-1)).toMatchObject({ type: 'RESULT_ISSUED', actor: PEOPLE.head });
  });

  it('issues a rejection as a document, without a certificate', async () => {
    // given a rejected item
    const caseId = await decided('ZH-S3-04', 'REJECTED');
    // when the result is issued
    await worker().handler(f.job(TYPE, { caseId, completedBy: PEOPLE.head }));
    // then it is a 不予许可决定书 and no certificate was asked for
    expect(await f.store.read.cases.resultsOfCases([caseId])).toEqual([
      expect.objectContaining({ kind: 'DOCUMENT', title: '不予许可决定书', certificateId: null }),
    ]);
    expect(f.certificates.filter((c) => c.idempotencyKey === `result:${caseId}`)).toEqual([]);
  });

  it('refuses a malformed case id without retries, naming the variable', async () => {
    // when the case id is a number
    const handled = worker().handler(f.job(TYPE, { caseId: 42 }));
    // then the job is an incident naming caseId
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable caseId must be string — got 42'),
    });
  });

  it('issues and records nothing twice when the job is delivered again', async () => {
    // given a result issued
    const caseId = await decided('ZH-S3-04', 'APPROVED');
    const job = f.job(TYPE, { caseId, completedBy: PEOPLE.head });
    const first = await worker().handler(job);
    // when the job is delivered again
    const second = await worker().handler(job);
    // then the same certificate, one result, one event
    expect(second).toEqual(first);
    expect(f.certificates.filter((c) => c.idempotencyKey === `result:${caseId}`)).toHaveLength(1);
    expect(await f.store.read.cases.resultsOfCases([caseId])).toHaveLength(1);
    expect((await f.events(caseId)).filter((e) => e.type === 'RESULT_ISSUED')).toHaveLength(1);
  });
});
