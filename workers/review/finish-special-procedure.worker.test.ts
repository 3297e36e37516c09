import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createFinishSpecialProcedureWorker } from './finish-special-procedure.worker.ts';

const TYPE = JOB_TYPES.finishSpecialProcedure;
const expert = { userId: 'u-expert-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };

describeEachDatabase('approval.finish-special-procedure worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createFinishSpecialProcedureWorker(f.steps);
  const started = async () => {
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-02'] });
    const { procedureId } = await f.steps.recordSpecialProcedureStart({
      step: { jobType: JOB_TYPES.startSpecialProcedure, elementInstanceKey: `sp-${caseId}` },
      caseId: caseId!,
      type: 'EXPERT_REVIEW',
      startedBy: PEOPLE.reviewer,
    });
    f.clock.advance(2 * 86_400_000);
    return { caseId: caseId!, procedureId };
  };
  const textsOf = (caseId: string) =>
    f.sms.filter(
      (m) =>
        m.templateId.startsWith('SPECIAL_PROCEDURE_') &&
        m.templateId !== 'SPECIAL_PROCEDURE_STARTED' &&
        m.idempotencyKey.startsWith(caseId),
    );

  it('on PASS stops the procedure clock, resumes the review clock, as the person who ran it, and tells the applicant', async () => {
    // given an expert review running
    const { caseId, procedureId } = await started();
    // when it passes
    await worker().handler(
      f.job(TYPE, {
        caseId,
        procedureId,
        result: 'PASS',
        note: '专家评审通过',
        procedureType: 'EXPERT_REVIEW',
        finishedBy: expert,
      }),
    );
    // then the case is back in review with its clock running, and the applicant is told
    expect((await f.events(caseId)).at(-1)).toMatchObject({
      type: 'SPECIAL_PROCEDURE_FINISHED',
      actor: expert,
      payload: { procedureId, result: 'PASS', note: '专家评审通过' },
    });
    expect((await f.itemCase(caseId))!.state).toBe('IN_REVIEW');
    const clocks = await f.clocksOf(caseId);
    expect(clocks.find((c) => c.kind === 'SPECIAL')!.events.at(-1)!.type).toBe('STOP');
    expect(clocks.find((c) => c.kind === 'ADMIN')!.events.at(-1)!.type).toBe('RESUME');
    expect(await f.store.read.cases.specialProcedure(procedureId)).toMatchObject({
      result: 'PASS',
      finishedAt: f.clock.now(),
    });
    expect(textsOf(caseId)).toEqual([
      expect.objectContaining({
        templateId: 'SPECIAL_PROCEDURE_PASSED',
        params: expect.objectContaining({ procedureType: '专家评审' }),
      }),
    ]);
  });

  it('on FAIL leaves the review clock paused for the rectification and sends the one-time rectification notice', async () => {
    // given an expert review running
    const { caseId, procedureId } = await started();
    // when it fails
    await worker().handler(
      f.job(TYPE, {
        caseId,
        procedureId,
        result: 'FAIL',
        note: '消防车道宽度不足',
        procedureType: 'EXPERT_REVIEW',
        finishedBy: expert,
      }),
    );
    // then the case waits for the rectification, its clock paused, and the applicant is told what to rectify
    expect((await f.itemCase(caseId))!.state).toBe('RECTIFICATION');
    expect((await f.clocksOf(caseId)).find((c) => c.kind === 'ADMIN')!.events.at(-1)!.type).toBe('PAUSE');
    expect(textsOf(caseId)).toEqual([
      expect.objectContaining({
        templateId: 'SPECIAL_PROCEDURE_FAILED',
        params: expect.objectContaining({ rectification: '消防车道宽度不足' }),
      }),
    ]);
  });

  it('refuses a result other than PASS or FAIL without retries, naming the variable', async () => {
    // given an expert review running
    const { caseId, procedureId } = await started();
    // when the result is neither
    const handled = worker().handler(f.job(TYPE, { caseId, procedureId, result: 'MAYBE', finishedBy: expert }));
    // then the job is an incident naming result and its allowed values
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining(
        'variable result must be equal to one of the allowed values (PASS, FAIL) — got "MAYBE"',
      ),
    });
  });

  it('stops, resumes and sends nothing twice when the job is delivered again, the text keeping the first instant', async () => {
    // given a procedure finished
    const { caseId, procedureId } = await started();
    const job = f.job(TYPE, {
      caseId,
      procedureId,
      result: 'PASS',
      note: null,
      procedureType: 'EXPERT_REVIEW',
      finishedBy: expert,
    });
    await worker().handler(job);
    // when the job is delivered again an hour later
    f.clock.advance(3_600_000);
    await worker().handler(job);
    // then one event, one resume, one text
    expect((await f.events(caseId)).filter((e) => e.type === 'SPECIAL_PROCEDURE_FINISHED')).toHaveLength(1);
    expect(
      (await f.clocksOf(caseId)).find((c) => c.kind === 'ADMIN')!.events.filter((e) => e.type === 'RESUME'),
    ).toHaveLength(1);
    expect(textsOf(caseId)).toHaveLength(1);
  });
});
