import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createResumeClockWorker } from './resume-clock.worker.ts';

const TYPE = JOB_TYPES.resumeClock;

describeEachDatabase('approval.resume-clock worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createResumeClockWorker(f.steps);
  const step = (jobType: string, key: string) => ({ jobType, elementInstanceKey: key });
  const adminClock = async (caseId: string) => (await f.clocksOf(caseId)).find((c) => c.kind === 'ADMIN')!;

  it('after a supplement sent straight to the engine: the extension as the lead who decided it, the clock resumed', async () => {
    // given a case waiting for a supplement
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    await f.steps.recordSupplementRequest({
      step: step(JOB_TYPES.requestSupplement, `rs-${caseId}`),
      caseId: caseId!,
      missing: ['专家意见'],
      requestedBy: PEOPLE.reviewer,
    });
    f.clock.advance(86_400_000);
    // when the lead extends by 3 days and the clock resumes
    await worker().handler(
      f.job(TYPE, { caseId, extensionDays: 3, extensionReason: '补件内容较多', extendedBy: PEOPLE.lead }),
    );
    // then the supplement is recorded (no person known: the system, reported), the extension as the lead's, the clock running longer
    const events = await f.events(caseId!);
    expect(events.slice(-2).map((e) => [e.type, e.actor])).toEqual([
      ['EXTENDED', PEOPLE.lead],
      ['SUPPLEMENT_RECEIVED', SYSTEM_ACTOR],
    ]);
    expect(f.warnings).toContainEqual({
      facts: { aggregateId: caseId, event: 'SUPPLEMENT_RECEIVED' },
      message: expect.any(String),
    });
    expect((await adminClock(caseId!)).events.slice(-2)).toMatchObject([
      { type: 'EXTEND', days: 3, by: 'ZH_ZJJ', why: '补件内容较多' },
      { type: 'RESUME' },
    ]);
  });

  it('after a rectification: RECTIFIED as whoever reported it, the clock resumed with the time that was left', async () => {
    // given a case whose special procedure failed
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    const { procedureId } = await f.steps.recordSpecialProcedureStart({
      step: step(JOB_TYPES.startSpecialProcedure, `sp-${caseId}`),
      caseId: caseId!,
      type: 'EXPERT_REVIEW',
      startedBy: PEOPLE.reviewer,
    });
    await f.steps.recordSpecialProcedureResult({
      step: step(JOB_TYPES.finishSpecialProcedure, `fp-${caseId}`),
      caseId: caseId!,
      procedureId,
      result: 'FAIL',
      note: '整改',
      type: null,
      finishedBy: PEOPLE.reviewer,
    });
    // when the applicant reports the rectification (no extension in the special-procedure process)
    await worker().handler(f.job(TYPE, { caseId, rectifiedBy: PEOPLE.applicant }));
    // then the case is back in review as the applicant reported, its clock running
    expect((await f.events(caseId!)).at(-1)).toMatchObject({ type: 'RECTIFIED', actor: PEOPLE.applicant });
    expect((await f.itemCase(caseId!))!.state).toBe('IN_REVIEW');
    expect((await adminClock(caseId!)).events.at(-1)!.type).toBe('RESUME');
  });

  it('refuses an extension that is not a whole number of days without retries, naming the variable', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    // when the extension is "three" or -1
    const text = worker().handler(f.job(TYPE, { caseId, extensionDays: 'three' }));
    const negative = worker().handler(f.job(TYPE, { caseId, extensionDays: -1 }));
    // then both are incidents naming extensionDays
    await expect(text).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable extensionDays'),
    });
    await expect(negative).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable extensionDays'),
    });
  });

  it('extends and resumes nothing twice when the job is delivered again', async () => {
    // given a clock resumed with an extension
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    await f.steps.recordSupplementRequest({
      step: step(JOB_TYPES.requestSupplement, `rs-${caseId}`),
      caseId: caseId!,
      missing: ['专家意见'],
      requestedBy: PEOPLE.reviewer,
    });
    const job = f.job(TYPE, { caseId, extensionDays: 2, extensionReason: null, extendedBy: PEOPLE.lead });
    await worker().handler(job);
    // when the job is delivered again
    f.clock.advance(60_000);
    await worker().handler(job);
    // then one extension, one resume
    expect((await f.events(caseId!)).filter((e) => e.type === 'EXTENDED')).toHaveLength(1);
    expect(
      (await adminClock(caseId!)).events.filter((e) => e.type === 'EXTEND' || e.type === 'RESUME').map((e) => e.type),
    ).toEqual(['EXTEND', 'RESUME']);
  });
});
