import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { NonRetryableError, type ActivatedJob } from '../domain/ports/engine.port.ts';
import { JOB_TYPES } from '../domain/process-contract.ts';
import { bpmnError, complete, defineWorker } from './define-worker.ts';
import { Maybe, Person } from './variables.schemas.ts';

const job = (variables: Record<string, unknown>): ActivatedJob => ({
  key: '1',
  type: JOB_TYPES.recordDecision,
  processInstanceKey: '2',
  bpmnProcessId: 'stage-application',
  processDefinitionVersion: 1,
  elementId: 'Task_RecordDecision',
  elementInstanceKey: '3',
  customHeaders: {},
  worker: 'test',
  retries: 5,
  deadline: 0,
  variables,
});

describe('defineWorker', () => {
  const seen: unknown[] = [];
  const worker = (output: unknown = { fired: 1 }) =>
    defineWorker({
      type: JOB_TYPES.recordDecision,
      input: Type.Object({
        caseId: Type.String({ minLength: 1 }),
        decision: Type.Enum(['APPROVED', 'REJECTED']),
        note: Maybe(Type.String()),
        completedBy: Maybe(Person),
      }),
      output: Type.Object({ fired: Type.Integer() }),
      async handle(input, context) {
        seen.push({ input, step: context.step });
        return complete(output as { fired: number });
      },
    });
  const failure = async (variables: Record<string, unknown>) => {
    const err = await worker()
      .handler(job(variables))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NonRetryableError);
    return (err as Error).message;
  };

  it('hands the use case only the declared variables, with the step that keys its effects', async () => {
    // given a job carrying more variables than the worker reads
    seen.length = 0;
    // when it is handled
    const outcome = await worker().handler(job({ caseId: 'C1', decision: 'APPROVED', note: null, other: 'x' }));
    // then the handler saw only its own, and the outcome is the use case's
    expect(seen).toEqual([
      {
        input: { caseId: 'C1', decision: 'APPROVED', note: null },
        step: { jobType: JOB_TYPES.recordDecision, elementInstanceKey: '3', processInstanceKey: '2' },
      },
    ]);
    expect(outcome).toEqual({ outcome: 'complete', variables: { fired: 1 } });
  });

  it.each([
    [{ decision: 'APPROVED' }, 'variable caseId is missing'],
    [{ caseId: '', decision: 'APPROVED' }, 'variable caseId must not have fewer than 1 characters — got ""'],
    [
      { caseId: 'C1', decision: 'MAYBE' },
      'variable decision must be equal to one of the allowed values (APPROVED, REJECTED) — got "MAYBE"',
    ],
    [{ caseId: 'C1', decision: 'APPROVED', note: 3 }, 'variable note must be string or must be null — got 3'],
    [
      { caseId: 'C1', decision: 'APPROVED', completedBy: { role: 'DEPT_HEAD' } },
      'variable completedBy must have required properties userId or must be null — got {"role":"DEPT_HEAD"}',
    ],
    [
      { caseId: 'C1', decision: 'APPROVED', completedBy: { userId: 7, role: 'DEPT_HEAD' } },
      'variable completedBy must be null or its userId must be string — got {"userId":7,"role":"DEPT_HEAD"}',
    ],
  ])('refuses %j without retries: "%s"', async (variables, phrase) => {
    // when a variable is missing or malformed, then the job fails at once naming it
    expect(await failure(variables)).toContain(`job ${JOB_TYPES.recordDecision}: ${phrase}`);
  });

  it('names every variable at fault', async () => {
    // when two variables are wrong, then both are named
    const message = await failure({ decision: 1 });
    expect(message).toContain('variable caseId is missing');
    expect(message).toContain('variable decision must be equal to one of the allowed values');
  });

  it('refuses an output that breaks the contract, naming the variable', async () => {
    // given a use case answering a non-integer
    // when the job is handled, then it fails without retries naming the output variable
    await expect(worker({ fired: 'two' }).handler(job({ caseId: 'C1', decision: 'APPROVED' }))).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining(
        `job ${JOB_TYPES.recordDecision} produced variable fired must be integer — got "two"`,
      ),
    });
  });

  it('passes a business error on as a BPMN error', async () => {
    // given a worker whose use case finds the case closed
    const closed = defineWorker({
      type: JOB_TYPES.recordOpinion,
      input: Type.Object({}),
      handle: async () => bpmnError('CASE_CLOSED', '已撤件'),
    });
    // when it is handled, then the outcome is the BPMN error
    expect(await closed.handler(job({}))).toEqual({
      outcome: 'error',
      errorCode: 'CASE_CLOSED',
      errorMessage: '已撤件',
    });
  });
});
