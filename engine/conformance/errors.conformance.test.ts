import { expect, it } from 'vitest';
import { chain, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const errorDef = '<bpmn:error id="Error_Biz" name="Biz" errorCode="BIZ_ERROR" />';

describeEngine('BPMN errors', (ctx) => {
  it('is caught by an error boundary event by its code', async () => {
    const { deploy, start, activate, engine, instance, engine: e } = ctx();
    await deploy(
      `${errorDef}${process(
        'err-boundary',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Check', 'test.err.check')}
      <bpmn:boundaryEvent id="Boundary_Biz" attachedToRef="Task_Check"><bpmn:errorEventDefinition errorRef="Error_Biz" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="End_Ok" /><bpmn:endEvent id="End_Rejected" />${chain('Start', 'Task_Check', 'End_Ok')}${chain('Boundary_Biz', 'End_Rejected')}`,
      )}`,
    );
    const key = await start('err-boundary');
    const [job] = await activate('test.err.check');
    // when the worker throws a business error with variables
    await engine.throwError({
      jobKey: job!.key,
      errorCode: 'BIZ_ERROR',
      errorMessage: 'materials missing',
      variables: { reason: 'M021' },
    });
    // then the boundary path ends the instance, with the error variables
    const done = await instance(key);
    expect(done.state).toBe('COMPLETED');
    expect(done.variables).toEqual({ reason: 'M021' });
    expect((await e.getElementHistory(key)).filter((h) => h.event === 'COMPLETED').map((h) => h.elementId)).toContain(
      'End_Rejected',
    );
  });

  it('is caught by an error event sub-process, which interrupts the scope', async () => {
    const { deploy, start, activate, engine, instance, active } = ctx();
    await deploy(
      `${errorDef}${process(
        'err-esp',
        `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Gateway_Fork" />${serviceTask('Task_A', 'test.esp.a')}${serviceTask('Task_B', 'test.esp.b')}<bpmn:endEvent id="End_A" /><bpmn:endEvent id="End_B" />
      ${chain('Start', 'Gateway_Fork', 'Task_A', 'End_A')}${chain('Gateway_Fork', 'Task_B', 'End_B')}
      <bpmn:subProcess id="EventSub_Error" triggeredByEvent="true"><bpmn:startEvent id="Start_Error"><bpmn:errorEventDefinition errorRef="Error_Biz" /></bpmn:startEvent>${serviceTask('Task_Handle', 'test.esp.handle')}<bpmn:endEvent id="End_Error" />${chain('Start_Error', 'Task_Handle', 'End_Error')}</bpmn:subProcess>`,
      )}`,
    );
    const key = await start('err-esp');
    expect(await active(key)).toEqual(['Task_A', 'Task_B']);
    const [a] = await activate('test.esp.a');
    await engine.throwError({ jobKey: a!.key, errorCode: 'BIZ_ERROR' });
    // then Task_B is terminated and the handler runs; Task_B's job is gone
    expect(await active(key)).toEqual(['EventSub_Error', 'Task_Handle']);
    expect(await activate('test.esp.b')).toEqual([]);
    const [h] = await activate('test.esp.handle');
    await engine.completeJob(h!.key);
    expect((await instance(key)).state).toBe('COMPLETED');
  });

  it('raises an incident when no one catches it, and never crashes', async () => {
    const { deploy, start, activate, engine, instance, active } = ctx();
    await deploy(
      process(
        'err-uncaught',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Throw', 'test.err.uncaught')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Throw', 'End')}`,
      ),
    );
    const key = await start('err-uncaught');
    const [job] = await activate('test.err.uncaught');
    await engine.throwError({ jobKey: job!.key, errorCode: 'NOBODY_CATCHES' });
    expect((await instance(key)).state).toBe('ACTIVE');
    expect(await active(key)).toEqual(['Task_Throw']);
    const [incident] = await engine.listIncidents({ processInstanceKey: key, state: 'ACTIVE' });
    expect(incident).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'Task_Throw' });
    expect(incident!.errorMessage).toContain('NOBODY_CATCHES');
    // resolving makes the job activatable again
    await engine.resolveIncident(incident!.key);
    const [again] = await activate('test.err.uncaught');
    await engine.completeJob(again!.key);
    expect((await instance(key)).state).toBe('COMPLETED');
  });

  it('is matched scope by scope upward, across a call activity into the parent', async () => {
    const { deploy, start, activate, engine, instance } = ctx();
    await deploy(
      process(
        'err-child',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Child', 'test.err.child')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Child', 'End')}`,
      ),
    );
    await deploy(
      `${errorDef}${process(
        'err-parent',
        `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub_Outer"><bpmn:startEvent id="Start_Inner" /><bpmn:callActivity id="Call_Child"><bpmn:extensionElements><zeebe:calledElement processId="err-child" propagateAllChildVariables="false" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="End_Inner" />${chain('Start_Inner', 'Call_Child', 'End_Inner')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="Boundary_Outer" attachedToRef="Sub_Outer"><bpmn:errorEventDefinition errorRef="Error_Biz" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="End" /><bpmn:endEvent id="End_Caught" />${chain('Start', 'Sub_Outer', 'End')}${chain('Boundary_Outer', 'End_Caught')}`,
      )}`,
    );
    const key = await start('err-parent');
    const [job] = await activate('test.err.child');
    const childKey = job!.processInstanceKey;
    expect(childKey).not.toBe(key);
    await engine.throwError({ jobKey: job!.key, errorCode: 'BIZ_ERROR', variables: { why: 'child failed' } });
    expect((await instance(key)).state).toBe('COMPLETED');
    expect((await instance(key)).variables).toEqual({ why: 'child failed' });
    expect((await instance(childKey)).state).toBe('TERMINATED');
  });

  it('from an error end event inside a sub-process is caught by the sub-process boundary', async () => {
    const { deploy, start, instance, engine } = ctx();
    await deploy(
      `${errorDef}${process(
        'err-end',
        `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="Start_Sub" /><bpmn:endEvent id="End_Throw"><bpmn:errorEventDefinition errorRef="Error_Biz" /></bpmn:endEvent>${chain('Start_Sub', 'End_Throw')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="Boundary_Sub" attachedToRef="Sub"><bpmn:errorEventDefinition /></bpmn:boundaryEvent><bpmn:endEvent id="End" /><bpmn:endEvent id="End_Caught" />${chain('Start', 'Sub', 'End')}${chain('Boundary_Sub', 'End_Caught')}`,
      )}`,
    );
    const key = await start('err-end');
    expect((await instance(key)).state).toBe('COMPLETED');
    expect(
      (await engine.getElementHistory(key)).some((h) => h.elementId === 'End_Caught' && h.event === 'COMPLETED'),
    ).toBe(true);
  });
});
