import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineError as EmbeddedEngineError } from '../../../engine/index.ts';
import { describeEachDatabase } from '../../../test/db.ts';
import { buildEngine, waitFor } from '../../../test/engine-driver.ts';
import { chain, diagram, process, serviceTask } from '../../../test/bpmn-diagram.ts';
import { EngineError, NonRetryableError } from '../port.ts';

const oneJob = (id: string, type: string) =>
  process(
    id,
    `<bpmn:startEvent id="Start" />${serviceTask('Task_Work', type)}<bpmn:endEvent id="End" />${chain('Start', 'Task_Work', 'End')}`,
  );

describeEachDatabase('the embedded engine behind the engine port', (getDb) => {
  let built: ReturnType<typeof buildEngine>;
  beforeAll(async () => {
    built = buildEngine(getDb());
    await built.port.deploy([{ name: 'adapter.bpmn', xml: await diagram(oneJob('adapter-job', 'adapter.work')) }]);
  });
  afterAll(async () => {
    await built?.port.close();
  });

  it("answers the engine's refusals as the port's EngineError, with the same code", async () => {
    // when a command is refused
    const refused = built.port.completeJob('2251799999999999', {});
    // then the error is the port's, not the engine's
    await expect(refused).rejects.toBeInstanceOf(EngineError);
    await expect(refused).rejects.not.toBeInstanceOf(EmbeddedEngineError);
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("answers a refused command inside a transaction as the port's EngineError", async () => {
    // given a message published with an id
    await built.port.publishMessage({
      name: 'adapter.msg',
      correlationKey: 'K',
      messageId: 'm-1',
      timeToLiveMs: 60_000,
    });
    // when the same id is published again inside a business transaction, and the refusal caught there
    const caught = await built.port.inTransaction(async (_tx, commands) => {
      try {
        await commands.publishMessage({
          name: 'adapter.msg',
          correlationKey: 'K',
          messageId: 'm-1',
          timeToLiveMs: 60_000,
        });
        return null;
      } catch (err) {
        return err;
      }
    });
    // then it is the port's error
    expect(caught).toBeInstanceOf(EngineError);
    expect(caught).toMatchObject({ code: 'MESSAGE_ALREADY_EXISTS' });
  });

  it("fails the job with 0 retries — an incident at once — when a worker throws the port's NonRetryableError", async () => {
    // given an instance waiting at a job with 3 retries, and a worker whose input is broken
    const { processInstanceKey } = await built.port.createInstance({ bpmnProcessId: 'adapter-job' });
    const worker = built.port.createWorker({
      taskType: 'adapter.work',
      handler: async () => {
        throw new NonRetryableError('caseId missing');
      },
    });
    // when the worker runs the job
    const [incident] = await waitFor(
      async () => {
        const found = await built.port.listIncidents({ processInstanceKey });
        return found.length ? found : null;
      },
      { what: 'the incident' },
    );
    await worker.close();
    // then an incident opened with the worker's message, without retries
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'caseId missing', state: 'ACTIVE' });
  });
});
