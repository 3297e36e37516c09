import { Zeebe } from '@camunda8/sdk';
import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../port.ts';
import { createZeebeEngine, processIdsOf, type ZeebeRestClient } from './zeebe-engine.ts';
import { toSdkConfiguration, type ZeebeGrpcClient } from './zeebe-sdk.ts';

const options = {
  grpcAddress: 'localhost:26500',
  restAddress: 'http://localhost:8080',
  clientId: '',
  clientSecret: '',
  oauthUrl: '',
};
const ACK = 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
const millis = (d: unknown) => Zeebe.Duration.milliseconds.from(d as number);

/** Fake SDK clients: every method records its request and answers with a canned response. */
function fakes() {
  const sdkWorker = { close: vi.fn(async () => null) };
  const grpc = {
    deployResources: vi.fn(async () => ({
      key: '2251799813685100',
      tenantId: '<default>',
      deployments: [
        {
          process: {
            bpmnProcessId: 'service-task',
            version: 2,
            processDefinitionKey: '2251799813685101',
            resourceName: 'service-task.bpmn',
            tenantId: '<default>',
          },
        },
      ],
    })),
    createProcessInstance: vi.fn(async () => ({
      processDefinitionKey: '2251799813685101',
      bpmnProcessId: 'service-task',
      version: 2,
      processInstanceKey: '2251799813685200',
      tenantId: '<default>',
    })),
    cancelProcessInstance: vi.fn(async () => undefined),
    publishMessage: vi.fn(async () => ({ key: '2251799813685300', tenantId: '<default>' })),
    activateJobs: vi.fn(async () => [
      {
        key: '2251799813685249',
        type: 'test.work',
        processInstanceKey: '2251799813685200',
        bpmnProcessId: 'service-task',
        processDefinitionVersion: 2,
        elementId: 'Task_Work',
        elementInstanceKey: '2251799813685248',
        customHeaders: { purpose: 'conformance' },
        worker: 'w1',
        retries: 3,
        deadline: '1780275600000',
        variables: { amount: 5 },
        tenantId: '<default>',
      },
    ]),
    completeJob: vi.fn(async () => undefined),
    failJob: vi.fn(async () => undefined),
    throwError: vi.fn(async () => undefined),
    updateJobRetries: vi.fn(async () => undefined),
    resolveIncident: vi.fn(async () => undefined),
    createWorker: vi.fn(() => sdkWorker),
    close: vi.fn(async () => null),
  };
  const task = {
    userTaskKey: '2251799813685400',
    name: 'Review',
    state: 'CREATED',
    assignee: undefined as string | undefined,
    elementId: 'Task_Review',
    candidateGroups: ['planning'],
    candidateUsers: [],
    processDefinitionId: 'user-task',
    creationDate: '2026-06-01T01:00:00.000Z',
    dueDate: '2026-06-10T10:00:00.000Z',
    tenantId: '<default>',
    externalFormReference: 'test-form',
    processDefinitionVersion: 1,
    customHeaders: {},
    priority: 50,
    elementInstanceKey: '2251799813685401',
    processDefinitionKey: '2251799813685102',
    processInstanceKey: '2251799813685200',
  };
  const page = { totalItems: 0, startCursor: '', endCursor: '' };
  const rest = {
    searchProcessDefinitions: vi.fn(async () => ({ page, items: [{ processDefinitionKey: '2251799813685050' }] })),
    searchUserTasks: vi.fn(async () => ({ page, items: [task] })),
    getUserTask: vi.fn(async () => task),
    assignUserTask: vi.fn(async () => undefined),
    unassignUserTask: vi.fn(async () => undefined),
    completeUserTask: vi.fn(async () => undefined),
    searchUserTaskVariables: vi.fn(async () => ({
      page,
      items: [{ variableKey: '1', name: 'department', value: '"planning"', isTruncated: false }],
    })),
    searchIncidents: vi.fn(async () => ({ page, items: [] as unknown[] })),
    searchProcessInstances: vi.fn(async () => ({ page, items: [] as unknown[] })),
    searchElementInstances: vi.fn(async () => ({ page, items: [] as unknown[] })),
    searchVariables: vi.fn(async () => ({ page, items: [] as unknown[] })),
    getVariable: vi.fn(async () => ({ value: 'null' })),
  };
  const engine = createZeebeEngine(options, {
    createGrpcClient: () => grpc as unknown as ZeebeGrpcClient,
    createRestClient: () => rest as unknown as ZeebeRestClient,
  });
  return { engine, grpc, rest, task, sdkWorker };
}
const sent = (fn: { mock: { calls: unknown[] } }) => (fn.mock.calls[0] as unknown[])[0] as Record<string, unknown>;

describe('toSdkConfiguration', () => {
  it('talks plain gRPC without auth to a local cluster', () => {
    // given / when
    const config = toSdkConfiguration(options);

    // then
    expect(config).toMatchObject({
      ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500',
      ZEEBE_REST_ADDRESS: 'http://localhost:8080',
      CAMUNDA_AUTH_STRATEGY: 'NONE',
    });
    expect(config).not.toHaveProperty('CAMUNDA_SECURE_CONNECTION');
  });

  it('uses OAuth and TLS when a client id is configured', () => {
    // given / when
    const config = toSdkConfiguration({
      ...options,
      grpcAddress: 'zeebe.example.cn:443',
      clientId: 'id',
      clientSecret: 'secret',
      oauthUrl: 'https://login.example.cn/token',
    });

    // then
    expect(config).toMatchObject({
      ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.example.cn:443',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'id',
      ZEEBE_CLIENT_SECRET: 'secret',
      CAMUNDA_OAUTH_URL: 'https://login.example.cn/token',
    });
  });
});

describe('createZeebeEngine — commands over gRPC', () => {
  it('deploys all resources in one atomic deployment and tells a new version from an identical re-deployment', async () => {
    // given
    const { engine, grpc, rest } = fakes();
    const xml = '<bpmn:definitions><bpmn:process id="service-task" isExecutable="true" /></bpmn:definitions>';

    // when
    const deployed = await engine.deploy([{ name: 'service-task.bpmn', xml }]);

    // then
    expect(sent(rest.searchProcessDefinitions)).toMatchObject({ filter: { processDefinitionId: 'service-task' } });
    const resources = (grpc.deployResources.mock.calls as unknown as unknown[][])[0]![0] as {
      name: string;
      process: Buffer;
    }[];
    expect(resources).toHaveLength(1);
    expect(resources[0]!.name).toBe('service-task.bpmn');
    expect(resources[0]!.process.toString('utf8')).toBe(xml);
    expect(deployed).toEqual([
      {
        bpmnProcessId: 'service-task',
        version: 2,
        processDefinitionKey: '2251799813685101',
        resourceName: 'service-task.bpmn',
        isNew: true,
      },
    ]);
  });

  it('reports isNew false when Zeebe answers with the key that was already the latest', async () => {
    // given
    const { engine, rest } = fakes();
    rest.searchProcessDefinitions.mockResolvedValueOnce({
      page: { totalItems: 1, startCursor: '', endCursor: '' },
      items: [{ processDefinitionKey: '2251799813685101' }],
    });

    // when
    const [deployed] = await engine.deploy([{ name: 'service-task.bpmn', xml: '<bpmn:process id="service-task" />' }]);

    // then
    expect(deployed!.isNew).toBe(false);
  });

  it('maps an invalid deployment to DEPLOY_INVALID', async () => {
    // given
    const { engine, grpc } = fakes();
    grpc.deployResources.mockRejectedValueOnce(
      Object.assign(new Error('3 INVALID_ARGUMENT'), {
        code: 3,
        details: 'Element: Task_Work ... Must have exactly one zeebe:taskDefinition',
      }),
    );

    // when
    const result = engine.deploy([{ name: 'x.bpmn', xml: '<bpmn:process id="x" />' }]);

    // then
    await expect(result).rejects.toMatchObject({ name: 'EngineError', code: 'DEPLOY_INVALID' });
  });

  it('creates an instance with its variables and returns string keys', async () => {
    // given
    const { engine, grpc } = fakes();

    // when
    const ref = await engine.createInstance({ bpmnProcessId: 'service-task', variables: { amount: 5 } });

    // then
    expect(sent(grpc.createProcessInstance)).toEqual({ bpmnProcessId: 'service-task', variables: { amount: 5 } });
    expect(ref).toEqual({
      processInstanceKey: '2251799813685200',
      processDefinitionKey: '2251799813685101',
      bpmnProcessId: 'service-task',
      version: 2,
    });
  });

  it('publishes a message with its TTL in milliseconds and its message id', async () => {
    // given
    const { engine, grpc } = fakes();

    // when
    const { messageKey } = await engine.publishMessage({
      name: 'test.paid',
      correlationKey: 'c-1',
      variables: { paid: true },
      timeToLiveMs: 60_000,
      messageId: 'pay-1',
    });

    // then
    const request = sent(grpc.publishMessage);
    expect(request).toMatchObject({
      name: 'test.paid',
      correlationKey: 'c-1',
      variables: { paid: true },
      messageId: 'pay-1',
    });
    expect(millis(request.timeToLive)).toBe(60_000);
    expect(messageKey).toBe('2251799813685300');
  });

  it('publishes with TTL 0 when none is given (correlates only with an open subscription)', async () => {
    // given
    const { engine, grpc } = fakes();

    // when
    await engine.publishMessage({ name: 'test.paid', correlationKey: 'c-1' });

    // then
    expect(millis(sent(grpc.publishMessage).timeToLive)).toBe(0);
    expect(sent(grpc.publishMessage)).not.toHaveProperty('messageId');
  });

  it('maps a duplicate message id to MESSAGE_ALREADY_EXISTS', async () => {
    // given
    const { engine, grpc } = fakes();
    grpc.publishMessage.mockRejectedValueOnce(Object.assign(new Error('6 ALREADY_EXISTS'), { code: 6 }));

    // when
    const result = engine.publishMessage({
      name: 'test.paid',
      correlationKey: 'c-1',
      messageId: 'pay-1',
      timeToLiveMs: 1000,
    });

    // then
    await expect(result).rejects.toEqual(expect.objectContaining({ code: 'MESSAGE_ALREADY_EXISTS' }));
    await expect(result).rejects.toBeInstanceOf(EngineError);
  });

  it('activates jobs with the lease in milliseconds, without long polling', async () => {
    // given
    const { engine, grpc } = fakes();

    // when
    const jobs = await engine.activateJobs({ type: 'test.work', worker: 'w1', maxJobsToActivate: 10, timeout: 30_000 });

    // then
    const request = sent(grpc.activateJobs);
    expect(request).toMatchObject({ type: 'test.work', worker: 'w1', maxJobsToActivate: 10 });
    expect(millis(request.timeout)).toBe(30_000);
    expect(millis(request.requestTimeout)).toBeLessThan(0);
    expect(jobs[0]).toMatchObject({ key: '2251799813685249', deadline: 1780275600000, variables: { amount: 5 } });
  });

  it('completes, fails (absolute retries and back-off), throws errors and updates retries with the requests Zeebe expects', async () => {
    // given
    const { engine, grpc } = fakes();

    // when
    await engine.completeJob('2251799813685249', { result: 'ok' });
    await engine.failJob({
      jobKey: '2251799813685249',
      retries: 2,
      errorMessage: 'gateway timeout',
      retryBackOffMs: 5_000,
    });
    await engine.throwError({
      jobKey: '2251799813685249',
      errorCode: 'BIZ_ERROR',
      errorMessage: 'no',
      variables: { reason: 'r' },
    });
    await engine.updateJobRetries('2251799813685249', 3);
    await engine.resolveIncident('2251799813685500');

    // then
    expect(sent(grpc.completeJob)).toEqual({ jobKey: '2251799813685249', variables: { result: 'ok' } });
    expect(sent(grpc.failJob)).toEqual({
      jobKey: '2251799813685249',
      retries: 2,
      errorMessage: 'gateway timeout',
      retryBackOff: 5_000,
    });
    expect(sent(grpc.throwError)).toEqual({
      jobKey: '2251799813685249',
      errorCode: 'BIZ_ERROR',
      errorMessage: 'no',
      variables: { reason: 'r' },
    });
    expect(sent(grpc.updateJobRetries)).toEqual({ jobKey: '2251799813685249', retries: 3 });
    expect(sent(grpc.resolveIncident)).toEqual({ incidentKey: '2251799813685500' });
  });

  it('maps a job that no longer exists to NOT_FOUND', async () => {
    // given
    const { engine, grpc } = fakes();
    grpc.completeJob.mockRejectedValueOnce(Object.assign(new Error('5 NOT_FOUND'), { code: 5 }));

    // when
    const result = engine.completeJob('1');

    // then
    await expect(result).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates an SDK worker whose handler fails a throwing job with retries − 1 and closes it on close()', async () => {
    // given
    const { engine, grpc, sdkWorker } = fakes();
    const worker = engine.createWorker({
      taskType: 'test.work',
      workerName: 'zh-worker',
      timeout: 60_000,
      retryBackOffMs: 2_000,
      maxJobsToActivate: 4,
      handler: async () => {
        throw new Error('down');
      },
    });
    const config = sent(grpc.createWorker) as {
      taskType: string;
      id: string;
      maxJobsToActivate: number;
      timeout: unknown;
      taskHandler: (job: unknown) => Promise<unknown>;
    };
    const fail = vi.fn(async () => ACK);

    // when
    await config.taskHandler({
      key: '9',
      retries: 3,
      deadline: '0',
      customHeaders: {},
      variables: {},
      fail,
      complete: vi.fn(),
      error: vi.fn(),
    });
    await engine.close();

    // then
    expect(config).toMatchObject({ taskType: 'test.work', id: 'zh-worker', maxJobsToActivate: 4 });
    expect(millis(config.timeout)).toBe(60_000);
    expect(fail).toHaveBeenCalledWith({ errorMessage: 'down', retries: 2, retryBackOff: 2_000 });
    expect(worker.taskType).toBe('test.work');
    expect(sdkWorker.close).toHaveBeenCalledTimes(1);
    expect(grpc.close).toHaveBeenCalledTimes(1);
  });
});

describe('createZeebeEngine — user tasks and reads over REST', () => {
  it('claims a user task without overriding another assignee', async () => {
    // given
    const { engine, rest } = fakes();

    // when
    await engine.claimUserTask('2251799813685400', 'alice');

    // then
    expect(sent(rest.assignUserTask)).toEqual({
      userTaskKey: '2251799813685400',
      assignee: 'alice',
      allowOverride: false,
      action: 'claim',
    });
  });

  it('treats claiming again for the same assignee as done', async () => {
    // given
    const { engine, rest, task } = fakes();
    task.assignee = 'alice';

    // when
    await engine.claimUserTask('2251799813685400', 'alice');

    // then
    expect(rest.assignUserTask).not.toHaveBeenCalled();
  });

  it('maps an assignment conflict (409) to INVALID_STATE', async () => {
    // given
    const { engine, rest, task } = fakes();
    task.assignee = 'bob';
    rest.assignUserTask.mockRejectedValueOnce(
      Object.assign(new Error('Conflict'), { statusCode: 409, detail: 'already assigned' }),
    );

    // when
    const result = engine.claimUserTask('2251799813685400', 'alice');

    // then
    await expect(result).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('completes and unclaims user tasks', async () => {
    // given
    const { engine, rest } = fakes();

    // when
    await engine.completeUserTask('2251799813685400', { approved: true });
    await engine.unclaimUserTask('2251799813685400');

    // then
    expect(sent(rest.completeUserTask)).toEqual({ userTaskKey: '2251799813685400', variables: { approved: true } });
    expect(sent(rest.unassignUserTask)).toEqual({ userTaskKey: '2251799813685400' });
  });

  it('searches user tasks by candidate groups and maps them with their variables', async () => {
    // given
    const { engine, rest } = fakes();

    // when
    const tasks = await engine.listUserTasks({ candidateGroups: ['planning', 'fire'], state: 'CREATED', limit: 20 });

    // then
    expect(sent(rest.searchUserTasks)).toMatchObject({
      filter: { candidateGroup: { $in: ['planning', 'fire'] }, state: 'CREATED' },
      page: { from: 0, limit: 20 },
    });
    expect(tasks).toEqual([
      expect.objectContaining({
        key: '2251799813685400',
        bpmnProcessId: 'user-task',
        elementId: 'Task_Review',
        candidateGroups: ['planning'],
        assignee: null,
        dueDate: '2026-06-10T10:00:00.000Z',
        formKey: 'test-form',
        state: 'CREATED',
        variables: { department: 'planning' },
        createdAt: new Date('2026-06-01T01:00:00.000Z'),
      }),
    ]);
  });

  it('returns null for a user task the cluster does not know', async () => {
    // given
    const { engine, rest } = fakes();
    rest.getUserTask.mockRejectedValueOnce(Object.assign(new Error('Not Found'), { statusCode: 404 }));

    // when
    const task = await engine.getUserTask('1');

    // then
    expect(task).toBeNull();
  });

  it('reads a process instance: state, root variables and active elements', async () => {
    // given
    const { engine, rest } = fakes();
    rest.searchProcessInstances.mockResolvedValueOnce({
      page: { totalItems: 1, startCursor: '', endCursor: '' },
      items: [
        {
          processInstanceKey: '2251799813685200',
          processDefinitionKey: '2251799813685101',
          processDefinitionId: 'service-task',
          processDefinitionVersion: '2',
          state: 'ACTIVE',
          startDate: '2026-06-01T01:00:00.000Z',
          tenantId: '<default>',
          hasIncident: false,
        },
      ],
    });
    rest.searchVariables.mockResolvedValueOnce({
      page: { totalItems: 1, startCursor: '', endCursor: '' },
      items: [{ variableKey: '7', name: 'amount', value: '5', isTruncated: false }],
    });
    rest.searchElementInstances.mockResolvedValueOnce({
      page: { totalItems: 1, startCursor: '', endCursor: '' },
      items: [{ elementId: 'Task_Work', type: 'SERVICE_TASK', state: 'ACTIVE' }],
    });

    // when
    const info = await engine.getProcessInstance('2251799813685200');

    // then
    expect(sent(rest.searchVariables)).toMatchObject({
      filter: { processInstanceKey: '2251799813685200', scopeKey: '2251799813685200' },
    });
    expect(info).toEqual({
      processInstanceKey: '2251799813685200',
      processDefinitionKey: '2251799813685101',
      bpmnProcessId: 'service-task',
      version: 2,
      state: 'ACTIVE',
      parentProcessInstanceKey: null,
      variables: { amount: 5 },
      activeElementIds: ['Task_Work'],
      createdAt: new Date('2026-06-01T01:00:00.000Z'),
      endedAt: null,
    });
  });

  it('lists incidents of an instance', async () => {
    // given
    const { engine, rest } = fakes();
    rest.searchIncidents.mockResolvedValueOnce({
      page: { totalItems: 1, startCursor: '', endCursor: '' },
      items: [
        {
          incidentKey: '2251799813685500',
          processInstanceKey: '2251799813685200',
          elementInstanceKey: '2251799813685248',
          elementId: 'Task_Work',
          jobKey: '2251799813685249',
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'down',
          state: 'ACTIVE',
          creationTime: '2026-06-01T02:00:00.000Z',
        },
      ],
    });

    // when
    const incidents = await engine.listIncidents({ processInstanceKey: '2251799813685200', state: 'ACTIVE' });

    // then
    expect(sent(rest.searchIncidents)).toMatchObject({
      filter: { processInstanceKey: '2251799813685200', state: 'ACTIVE' },
    });
    expect(incidents).toEqual([
      {
        key: '2251799813685500',
        processInstanceKey: '2251799813685200',
        elementInstanceKey: '2251799813685248',
        elementId: 'Task_Work',
        jobKey: '2251799813685249',
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'down',
        state: 'ACTIVE',
        createdAt: new Date('2026-06-01T02:00:00.000Z'),
      },
    ]);
  });

  it('builds element history from element instances and incidents', async () => {
    // given
    const { engine, rest } = fakes();
    const page = { totalItems: 2, startCursor: '', endCursor: '' };
    rest.searchElementInstances.mockResolvedValueOnce({
      page,
      items: [
        {
          elementInstanceKey: '1',
          elementId: 'Start_Started',
          type: 'START_EVENT',
          state: 'COMPLETED',
          startDate: '2026-06-01T01:00:00.000Z',
          endDate: '2026-06-01T01:00:00.001Z',
        },
        {
          elementInstanceKey: '2',
          elementId: 'Task_Work',
          type: 'SERVICE_TASK',
          state: 'ACTIVE',
          startDate: '2026-06-01T01:00:00.002Z',
        },
      ],
    });
    rest.searchIncidents.mockResolvedValueOnce({
      page,
      items: [{ elementInstanceKey: '2', elementId: 'Task_Work', creationTime: '2026-06-01T01:05:00.000Z' }],
    });

    // when
    const history = await engine.getElementHistory('2251799813685200');

    // then
    expect(history.map((h) => [h.elementId, h.elementType, h.event])).toEqual([
      ['Start_Started', 'START_EVENT', 'ACTIVATED'],
      ['Start_Started', 'START_EVENT', 'COMPLETED'],
      ['Task_Work', 'SERVICE_TASK', 'ACTIVATED'],
      ['Task_Work', 'SERVICE_TASK', 'INCIDENT'],
    ]);
  });
});

describe('processIdsOf', () => {
  it('finds every bpmn:process id in a resource', () => {
    // given
    const xml =
      '<bpmn:definitions><bpmn:process id="a" isExecutable="true"></bpmn:process><bpmn:process isExecutable="true" id="b" /><bpmn:processing id="x" /></bpmn:definitions>';

    // when / then
    expect(processIdsOf(xml)).toEqual(['a', 'b']);
  });
});
