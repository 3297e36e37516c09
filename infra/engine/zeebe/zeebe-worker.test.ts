import { describe, expect, it, vi } from 'vitest';
import { NonRetryableError, type JobHandler } from '../port.ts';
import { createTaskHandler, toActivatedJob, type SdkJob } from './zeebe-worker.ts';

const ACK = 'JOB_ACTION_ACKNOWLEDGEMENT' as const;

/** A job as the SDK hands it to a worker: real fields, recorded completion methods. */
function fakeJob(overrides: Partial<SdkJob> = {}) {
  const complete = vi.fn(async () => ACK);
  const fail = vi.fn(async () => ACK);
  const error = vi.fn(async () => ACK);
  const job = {
    key: '2251799813685249',
    type: 'test.work',
    processInstanceKey: '2251799813685240',
    bpmnProcessId: 'service-task',
    processDefinitionVersion: 1,
    elementId: 'Task_Work',
    elementInstanceKey: '2251799813685248',
    customHeaders: { purpose: 'conformance', attempt: 2 },
    worker: 'w1',
    retries: 3,
    deadline: '1780275600000',
    variables: { amount: 5 },
    tenantId: '<default>',
    complete,
    fail,
    error,
    forward: vi.fn(() => ACK),
    cancelWorkflow: vi.fn(async () => ACK),
    ...overrides,
  } as unknown as SdkJob;
  return { job, complete, fail, error };
}

describe('createTaskHandler', () => {
  it('completes the job with the handler variables', async () => {
    // given
    const { job, complete, fail, error } = fakeJob();
    const handler: JobHandler = async () => ({ outcome: 'complete', variables: { result: 'ok' } });

    // when
    await createTaskHandler(handler)(job);

    // then
    expect(complete).toHaveBeenCalledWith({ result: 'ok' });
    expect(fail).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('throws a BPMN error for an error outcome, with code, message and variables', async () => {
    // given
    const { job, error } = fakeJob();
    const handler: JobHandler = async () => ({
      outcome: 'error',
      errorCode: 'BIZ_ERROR',
      errorMessage: 'not allowed',
      variables: { reason: 'r' },
    });

    // when
    await createTaskHandler(handler)(job);

    // then
    expect(error).toHaveBeenCalledWith({
      errorCode: 'BIZ_ERROR',
      errorMessage: 'not allowed',
      variables: { reason: 'r' },
    });
  });

  it('fails with 0 retries (an incident at once) when the handler throws NonRetryableError', async () => {
    // given
    const { job, fail } = fakeJob({ retries: 3 });
    const handler: JobHandler = async () => {
      throw new NonRetryableError('caseId missing');
    };

    // when
    await createTaskHandler(handler, { retryBackOffMs: 5_000 })(job);

    // then
    expect(fail).toHaveBeenCalledWith({ errorMessage: 'caseId missing', retries: 0, retryBackOff: 0 });
  });

  it('fails with retries − 1 and the back-off when the handler throws anything else', async () => {
    // given
    const { job, fail } = fakeJob({ retries: 3 });
    const handler: JobHandler = async () => {
      throw new Error('gateway timeout');
    };

    // when
    await createTaskHandler(handler, { retryBackOffMs: 5_000 })(job);

    // then
    expect(fail).toHaveBeenCalledWith({ errorMessage: 'gateway timeout', retries: 2, retryBackOff: 5_000 });
  });

  it('fails the last retry with 0 retries and no back-off', async () => {
    // given
    const { job, fail } = fakeJob({ retries: 1 });
    const handler: JobHandler = async () => {
      throw new Error('still down');
    };

    // when
    await createTaskHandler(handler)(job);

    // then
    expect(fail).toHaveBeenCalledWith({ errorMessage: 'still down', retries: 0, retryBackOff: 0 });
  });
});

describe('toActivatedJob', () => {
  it('keeps keys as strings and turns the deadline and headers into the port types', () => {
    // given
    const { job } = fakeJob();

    // when
    const activated = toActivatedJob(job);

    // then
    expect(activated).toEqual({
      key: '2251799813685249',
      type: 'test.work',
      processInstanceKey: '2251799813685240',
      bpmnProcessId: 'service-task',
      processDefinitionVersion: 1,
      elementId: 'Task_Work',
      elementInstanceKey: '2251799813685248',
      customHeaders: { purpose: 'conformance', attempt: '2' },
      worker: 'w1',
      retries: 3,
      deadline: 1780275600000,
      variables: { amount: 5 },
    });
  });
});
