import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createRecordDecisionWorker } from './record-decision.worker.ts';

const TYPE = JOB_TYPES.recordDecision;

describeEachDatabase('approval.record-decision worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createRecordDecisionWorker(f.steps);

  it('records the decision as the head who made it; the clock stops', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-04'] });
    f.clock.advance(86_400_000);
    // when the head approves with conditions
    await worker().handler(
      f.job(TYPE, {
        caseId,
        decision: 'APPROVED_WITH_CONDITIONS',
        conditions: '按核准路线运输',
        completedBy: PEOPLE.head,
      }),
    );
    // then the case is decided as the head's, and its clock has stopped
    expect((await f.events(caseId!)).at(-1)).toMatchObject({
      type: 'DECIDED',
      actor: PEOPLE.head,
      payload: { decision: 'APPROVED_WITH_CONDITIONS', conditions: '按核准路线运输' },
    });
    expect(await f.itemCase(caseId!)).toMatchObject({
      state: 'DECIDED',
      decision: 'APPROVED_WITH_CONDITIONS',
      decidedAt: f.clock.now(),
    });
    expect((await f.clocksOf(caseId!))[0]!.events.at(-1)!.type).toBe('STOP');
  });

  it('records the system, with a warning, when the task was completed without a person', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-04'] });
    // when the decision carries no completedBy
    await worker().handler(f.job(TYPE, { caseId, decision: 'APPROVED', completedBy: null }));
    // then the event names the system, not an invented head, and the gap is reported
    expect((await f.events(caseId!)).at(-1)).toMatchObject({ type: 'DECIDED', actor: SYSTEM_ACTOR });
    expect(f.warnings).toContainEqual({
      facts: { aggregateId: caseId, event: 'DECIDED' },
      message: expect.any(String),
    });
  });

  it('refuses a decision that is not one of the three without retries, naming the variable', async () => {
    // given a case under review
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-04'] });
    // when the decision is unknown
    const handled = worker().handler(f.job(TYPE, { caseId, decision: 'MAYBE', completedBy: PEOPLE.head }));
    // then the job is an incident naming decision and what it may be
    await expect(handled).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining(
        'variable decision must be equal to one of the allowed values (APPROVED, APPROVED_WITH_CONDITIONS, REJECTED)',
      ),
    });
  });

  it('decides and stops nothing twice when the job is delivered again', async () => {
    // given a decision recorded
    const {
      caseIds: [caseId],
    } = await f.received({ items: ['ZH-S3-04'] });
    const job = f.job(TYPE, { caseId, decision: 'APPROVED', completedBy: PEOPLE.head });
    await worker().handler(job);
    // when the job is delivered again
    f.clock.advance(60_000);
    await worker().handler(job);
    // then one decision, one stop
    expect((await f.events(caseId!)).filter((e) => e.type === 'DECIDED')).toHaveLength(1);
    expect((await f.clocksOf(caseId!))[0]!.events.filter((e) => e.type === 'STOP')).toHaveLength(1);
  });
});
