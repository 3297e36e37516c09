import { expect, it } from 'vitest';
import { chain, flow, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const mi = (sequential: boolean, extra = '') =>
  `<bpmn:multiInstanceLoopCharacteristics${sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result" /></bpmn:extensionElements>${extra}</bpmn:multiInstanceLoopCharacteristics>`;

describeEngine('gateways, multi-instance, sub-processes, call activities, terminate', (ctx) => {
  it('exclusive gateway takes the first true condition, else the default flow', async () => {
    const { deploy, start, engine } = ctx();
    await deploy(
      process(
        'flow-xor',
        `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Gateway_Amount" default="Flow_Small" /><bpmn:endEvent id="End_Big" /><bpmn:endEvent id="End_Small" />${chain('Start', 'Gateway_Amount')}${flow('Flow_Big', 'Gateway_Amount', 'End_Big', '=amount &gt; 100')}${flow('Flow_Small', 'Gateway_Amount', 'End_Small')}`,
      ),
    );
    const ends = async (k: string) =>
      (await engine.getElementHistory(k))
        .filter((h) => h.elementId.startsWith('End') && h.event === 'COMPLETED')
        .map((h) => h.elementId);
    expect(await ends(await start('flow-xor', { amount: 500 }))).toEqual(['End_Big']);
    expect(await ends(await start('flow-xor', { amount: 5 }))).toEqual(['End_Small']);
  });

  it('parallel gateway forks and joins', async () => {
    const { deploy, start, work, instance, active } = ctx();
    await deploy(
      process(
        'flow-and',
        `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Gateway_Fork" />${serviceTask('Task_A', 'test.and.a')}${serviceTask('Task_B', 'test.and.b')}<bpmn:parallelGateway id="Gateway_Join" /><bpmn:endEvent id="End" />${chain('Start', 'Gateway_Fork', 'Task_A', 'Gateway_Join', 'End')}${chain('Gateway_Fork', 'Task_B', 'Gateway_Join')}`,
      ),
    );
    const key = await start('flow-and');
    await work('test.and.a', () => ({ a: 1 }));
    expect(await active(key)).toEqual(['Task_B']);
    await work('test.and.b', () => ({ b: 2 }));
    expect(await instance(key)).toMatchObject({ state: 'COMPLETED', variables: { a: 1, b: 2 } });
  });

  it('inclusive gateway forks on every true condition and joins only the paths taken', async () => {
    const { deploy, start, work, instance, active } = ctx();
    await deploy(
      process(
        'flow-or',
        `<bpmn:startEvent id="Start" /><bpmn:inclusiveGateway id="Gateway_Fork" />${serviceTask('Task_Fire', 'test.or.fire')}${serviceTask('Task_Air', 'test.or.air')}${serviceTask('Task_Water', 'test.or.water')}<bpmn:inclusiveGateway id="Gateway_Join" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Gateway_Fork')}${flow('Flow_Fire', 'Gateway_Fork', 'Task_Fire', '=fire')}${flow('Flow_Air', 'Gateway_Fork', 'Task_Air', '=air')}${flow('Flow_Water', 'Gateway_Fork', 'Task_Water', '=water')}
      ${chain('Task_Fire', 'Gateway_Join')}${chain('Task_Air', 'Gateway_Join')}${chain('Task_Water', 'Gateway_Join')}${chain('Gateway_Join', 'End')}`,
      ),
    );
    const key = await start('flow-or', { fire: true, air: false, water: true });
    expect(await active(key)).toEqual(['Task_Fire', 'Task_Water']);
    await work('test.or.fire');
    expect(await active(key)).toEqual(['Task_Water']);
    await work('test.or.water');
    expect((await instance(key)).state).toBe('COMPLETED');
  });

  it('parallel multi-instance: locals per instance, output ordered by input index when completed out of order', async () => {
    const { deploy, start, activate, engine, instance } = ctx();
    await deploy(
      process(
        'flow-mi-par',
        `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Task_Each"><bpmn:extensionElements><zeebe:taskDefinition type="test.mi.par" /></bpmn:extensionElements>${mi(false)}</bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Task_Each', 'End')}`,
      ),
    );
    const key = await start('flow-mi-par', { items: ['a', 'b', 'c'] });
    const jobs = await activate('test.mi.par');
    // all inner instances start at once, each with its element and loop counter
    expect(jobs.map((j) => [j.variables.item, j.variables.loopCounter])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    for (const job of [...jobs].reverse()) await engine.completeJob(job.key, { result: `r-${job.variables.item}` });
    const done = await instance(key);
    expect(done.variables.results).toEqual(['r-a', 'r-b', 'r-c']);
    expect(done.variables).not.toHaveProperty('item');
    expect(done.variables).not.toHaveProperty('loopCounter');
  });

  it('sequential multi-instance stops creating instances once the completion condition holds', async () => {
    const { deploy, start, work, instance } = ctx();
    await deploy(
      process(
        'flow-mi-seq',
        `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Task_Each"><bpmn:extensionElements><zeebe:taskDefinition type="test.mi.seq" /></bpmn:extensionElements>${mi(true, '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=result = "stop"</bpmn:completionCondition>')}</bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Task_Each', 'End')}`,
      ),
    );
    const key = await start('flow-mi-seq', { items: [1, 2, 3, 4] });
    expect((await work('test.mi.seq', () => ({ result: 'go' }))).length).toBe(1);
    expect((await work('test.mi.seq', () => ({ result: 'stop' }))).map((j) => j.variables.item)).toEqual([2]);
    expect(await work('test.mi.seq')).toEqual([]);
    const done = await instance(key);
    expect(done.state).toBe('COMPLETED');
    expect(done.variables.results).toEqual(['go', 'stop', null, null]);
  });

  it('an empty input collection completes the multi-instance at once', async () => {
    const { deploy, start, instance } = ctx();
    await deploy(
      process(
        'flow-mi-empty',
        `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Task_Each"><bpmn:extensionElements><zeebe:taskDefinition type="test.mi.empty" /></bpmn:extensionElements>${mi(false)}</bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Task_Each', 'End')}`,
      ),
    );
    expect(await instance(await start('flow-mi-empty', { items: [] }))).toMatchObject({
      state: 'COMPLETED',
      variables: { results: [] },
    });
  });

  it('call activity: a child instance per call; explicit mappings, or all child variables', async () => {
    const { deploy, start, work, instance } = ctx();
    await deploy(
      process(
        'flow-child',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Child', 'test.call.child')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Child', 'End')}`,
      ),
    );
    await deploy(
      process(
        'flow-parent',
        `<bpmn:startEvent id="Start" />
      <bpmn:callActivity id="Call_Mapped"><bpmn:extensionElements><zeebe:calledElement processId="flow-child" propagateAllChildVariables="false" /><zeebe:ioMapping><zeebe:input source="=caseId" target="caseId" /><zeebe:output source="=verdict" target="firstVerdict" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:callActivity id="Call_All"><bpmn:extensionElements><zeebe:calledElement processId="flow-child" propagateAllChildVariables="true" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="End" />${chain('Start', 'Call_Mapped', 'Call_All', 'End')}`,
      ),
    );
    const key = await start('flow-parent', { caseId: 'C9', secret: 's' });
    const [first] = await work('test.call.child', () => ({ verdict: 'ok', extra: 1 }));
    expect(first!.processInstanceKey).not.toBe(key);
    expect(first!.variables).toEqual({ caseId: 'C9', secret: 's' });
    expect((await instance(key)).variables).toEqual({ caseId: 'C9', secret: 's', firstVerdict: 'ok' });
    await work('test.call.child', () => ({ verdict: 'second', extra: 2 }));
    expect(await instance(key)).toMatchObject({
      state: 'COMPLETED',
      variables: { caseId: 'C9', secret: 's', firstVerdict: 'ok', verdict: 'second', extra: 2 },
    });
    expect((await instance(first!.processInstanceKey)).parentProcessInstanceKey).toBe(key);
  });

  it('cancelling the parent cancels the child instance', async () => {
    const { deploy, start, activate, engine, instance } = ctx();
    await deploy(
      process(
        'flow-child2',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Child', 'test.call.cancel')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Child', 'End')}`,
      ),
    );
    await deploy(
      process(
        'flow-parent2',
        `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call_Child"><bpmn:extensionElements><zeebe:calledElement processId="flow-child2" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="End" />${chain('Start', 'Call_Child', 'End')}`,
      ),
    );
    const key = await start('flow-parent2');
    const [job] = await activate('test.call.cancel');
    await expect(engine.cancelInstance(job!.processInstanceKey)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await engine.cancelInstance(key);
    expect((await instance(key)).state).toBe('TERMINATED');
    expect((await instance(job!.processInstanceKey)).state).toBe('TERMINATED');
    await expect(engine.completeJob(job!.key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a terminate end event ends every other path of its scope', async () => {
    const { deploy, start, activate, instance, engine } = ctx();
    await deploy(
      process(
        'flow-terminate',
        `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Gateway_Fork" />${serviceTask('Task_Slow', 'test.term.slow')}<bpmn:endEvent id="End_Slow" /><bpmn:endEvent id="End_Terminate"><bpmn:terminateEventDefinition /></bpmn:endEvent>${chain('Start', 'Gateway_Fork', 'Task_Slow', 'End_Slow')}${chain('Gateway_Fork', 'End_Terminate')}`,
      ),
    );
    const key = await start('flow-terminate');
    expect((await instance(key)).state).toBe('COMPLETED');
    expect(await activate('test.term.slow')).toEqual([]);
    expect(
      (await engine.getElementHistory(key)).some((h) => h.elementId === 'Task_Slow' && h.event === 'TERMINATED'),
    ).toBe(true);
  });
});
