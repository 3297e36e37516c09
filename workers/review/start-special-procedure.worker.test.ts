import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createStartSpecialProcedureWorker } from './start-special-procedure.worker.ts';

const TYPE = JOB_TYPES.startSpecialProcedure;

describeEachDatabase('approval.start-special-procedure worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createStartSpecialProcedureWorker(f.steps);

  it('pauses the review clock, starts the procedure clock with its limit, as the reviewer who chose it, and tells the applicant', async () => {
    // given a fire-design review under review (expert review allowed, 20 working days)
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    // when the reviewer's expert review starts
    const job = f.job(TYPE, { caseId, procedureType: 'EXPERT_REVIEW', startedBy: PEOPLE.reviewer });
    const outcome = await worker().handler(job);
    // then the procedure runs on its own clock, the case's is paused, the applicant is told type and limit
    const procedureId = `${caseId}:SP:${job.elementInstanceKey}`;
    expect(outcome).toEqual({
      outcome: 'complete',
      variables: { procedureId, specialDeadline: expect.stringMatching(/^2026-0[67]-\d\dT15:59:59/) },
    });
    expect((await f.events(caseId!)).at(-1)).toMatchObject({
      type: 'SPECIAL_PROCEDURE_STARTED',
      actor: PEOPLE.reviewer,
      payload: { procedureId, type: 'EXPERT_REVIEW', limit: 20, unit: 'WD' },
    });
    const clocks = await f.clocksOf(caseId!);
    expect(clocks.find((c) => c.kind === 'ADMIN')!.events.at(-1)).toMatchObject({
      type: 'PAUSE',
      reason: 'SPECIAL_PROCEDURE',
    });
    expect(clocks.find((c) => c.kind === 'SPECIAL')!.events.map((e) => e.type)).toEqual(['START']);
    expect(await f.store.read.cases.specialProcedure(procedureId)).toMatchObject({
      caseId,
      type: 'EXPERT_REVIEW',
      limit: 20,
      finishedAt: null,
    });
    expect(
      f.sms.filter((m) => m.templateId === 'SPECIAL_PROCEDURE_STARTED' && m.idempotencyKey.startsWith(caseId!)),
    ).toEqual([
      expect.objectContaining({
        params: expect.objectContaining({ procedureType: '专家评审', limit: '20', limitUnit: '个工作日' }),
      }),
    ]);
  });

  it('refuses a missing type without retries naming the variable, and a type the item does not allow as an incident', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    // when the type is empty, or one the item does not allow
    const empty = worker().handler(f.job(TYPE, { caseId, procedureType: '' }));
    const notAllowed = worker().handler(f.job(TYPE, { caseId, procedureType: 'HEARING', startedBy: PEOPLE.reviewer }));
    // then both are incidents and nothing is recorded
    await expect(empty).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable procedureType'),
    });
    await expect(notAllowed).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('HEARING'),
    });
    expect((await f.events(caseId!)).map((e) => e.type)).toEqual(['ACCEPTED', 'REVIEW_STARTED']);
  });

  it('starts, pauses and sends nothing twice when the job is delivered again, the text keeping the first start', async () => {
    // given a procedure started
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    const job = f.job(TYPE, { caseId, procedureType: 'EXPERT_REVIEW', startedBy: PEOPLE.reviewer });
    const first = await worker().handler(job);
    // when the job is delivered again an hour later
    f.clock.advance(3_600_000);
    const second = await worker().handler(job);
    // then the same procedure, one event, one pause, one text (the gateway would refuse other content under the key)
    expect(second).toEqual(first);
    expect((await f.events(caseId!)).filter((e) => e.type === 'SPECIAL_PROCEDURE_STARTED')).toHaveLength(1);
    expect(
      (await f.clocksOf(caseId!)).find((c) => c.kind === 'ADMIN')!.events.filter((e) => e.type === 'PAUSE'),
    ).toHaveLength(1);
    expect(
      f.sms.filter((m) => m.templateId === 'SPECIAL_PROCEDURE_STARTED' && m.idempotencyKey.startsWith(caseId!)),
    ).toHaveLength(1);
  });
});
