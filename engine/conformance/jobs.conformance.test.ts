import { expect, it } from 'vitest';
import { EngineError } from '../errors.ts';
import { chain, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const headers = '<zeebe:taskHeaders><zeebe:header key="area" value="intake" /></zeebe:taskHeaders>';
const jobProcess = (id: string, type: string, retries = 3) =>
  process(
    id,
    `<bpmn:startEvent id="Start" />${serviceTask('Task_Work', type, headers, '').replace('<zeebe:taskDefinition type', `<zeebe:taskDefinition retries="${retries}" type`)}<bpmn:endEvent id="End" />${chain('Start', 'Task_Work', 'End')}`,
  );

describeEngine('service tasks as jobs', (ctx) => {
  it('activates a job with its headers and variables, and completes it with variables', async () => {
    // given
    const { deploy, start, activate, engine, instance } = ctx();
    await deploy(jobProcess('jobs-basic', 'test.basic'));
    const key = await start('jobs-basic', { caseId: 'C1', amount: 5 });
    // when
    const [job] = await activate('test.basic');
    // then
    expect(job).toMatchObject({
      type: 'test.basic',
      elementId: 'Task_Work',
      retries: 3,
      customHeaders: { area: 'intake' },
      variables: { caseId: 'C1', amount: 5 },
      processInstanceKey: key,
    });
    expect(await activate('test.basic')).toEqual([]);
    await engine.completeJob(job!.key, { checked: true });
    const done = await instance(key);
    expect(done.state).toBe('COMPLETED');
    expect(done.variables).toEqual({ caseId: 'C1', amount: 5, checked: true });
  });

  it('re-activates a job whose lease ran out, and refuses a second completion', async () => {
    const { deploy, start, engine, clock, instance } = ctx();
    await deploy(jobProcess('jobs-lease', 'test.lease'));
    const key = await start('jobs-lease');
    const first = await engine.activateJobs({ type: 'test.lease', worker: 'w1', maxJobsToActivate: 1, timeout: 1000 });
    expect(
      await engine.activateJobs({ type: 'test.lease', worker: 'w2', maxJobsToActivate: 1, timeout: 1000 }),
    ).toEqual([]);
    // when the lease passes
    clock.advance(1001);
    const second = await engine.activateJobs({ type: 'test.lease', worker: 'w2', maxJobsToActivate: 1, timeout: 1000 });
    // then the same job is delivered again (at least once)
    expect(second.map((j) => j.key)).toEqual(first.map((j) => j.key));
    await engine.completeJob(second[0]!.key, {});
    await expect(engine.completeJob(first[0]!.key, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await instance(key)).state).toBe('COMPLETED');
  });

  it('fails with retries and back-off, opens an incident at 0, and resolves after retries are updated', async () => {
    const { deploy, start, engine, activate, clock, instance } = ctx();
    await deploy(jobProcess('jobs-fail', 'test.fail', 2));
    const key = await start('jobs-fail');
    const [job] = await activate('test.fail');
    // when it fails with one retry left and a back-off
    await engine.failJob({ jobKey: job!.key, retries: 1, errorMessage: 'gateway down', retryBackOffMs: 5000 });
    // then it is not activatable before the back-off ends
    expect(await activate('test.fail')).toEqual([]);
    clock.advance(5000);
    const [again] = await activate('test.fail');
    expect(again).toMatchObject({ key: job!.key, retries: 1 });
    // when it fails with 0 retries: an incident, listable
    await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'still down' });
    const incidents = await engine.listIncidents({ processInstanceKey: key, state: 'ACTIVE' });
    expect(incidents).toMatchObject([
      { errorType: 'JOB_NO_RETRIES', errorMessage: 'still down', elementId: 'Task_Work', jobKey: job!.key },
    ]);
    expect(await activate('test.fail')).toEqual([]);
    // resolving without retries is refused; with retries the job is activatable again
    await expect(engine.resolveIncident(incidents[0]!.key)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await engine.updateJobRetries(job!.key, 3);
    await engine.resolveIncident(incidents[0]!.key);
    const [third] = await activate('test.fail');
    expect(third).toMatchObject({ key: job!.key, retries: 3 });
    await engine.completeJob(third!.key);
    expect((await instance(key)).state).toBe('COMPLETED');
    expect(await engine.listIncidents({ processInstanceKey: key, state: 'ACTIVE' })).toEqual([]);
  });

  it('records every element instance in the history', async () => {
    const { deploy, start, work, engine } = ctx();
    await deploy(jobProcess('jobs-history', 'test.history'));
    const key = await start('jobs-history');
    await work('test.history');
    const history = await engine.getElementHistory(key);
    expect(history.map((h) => `${h.elementId}:${h.event}`)).toEqual([
      'jobs-history:ACTIVATED',
      'Start:ACTIVATED',
      'Start:COMPLETED',
      'Task_Work:ACTIVATED',
      'Task_Work:COMPLETED',
      'End:ACTIVATED',
      'End:COMPLETED',
      'jobs-history:COMPLETED',
    ]);
    expect(history.every((h) => h.at instanceof Date)).toBe(true);
  });

  it('rejects a job outcome for an unknown key', async () => {
    await expect(ctx().engine.completeJob('2251799999999999', {})).rejects.toBeInstanceOf(EngineError);
  });
});
