import { expect, it } from 'vitest';
import { chain, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

describeEngine('variables, mappings and scopes', (ctx) => {
  it('input mappings are local; with output mappings only mapped variables reach the scope', async () => {
    const { deploy, start, activate, engine, instance } = ctx();
    const io =
      '<zeebe:ioMapping><zeebe:input source="=amount * 2" target="doubled" /><zeebe:input source="=applicant.name" target="who.name" /><zeebe:output source="=score + 1" target="result.score" /></zeebe:ioMapping>';
    await deploy(
      process(
        'vars-mapped',
        `<bpmn:startEvent id="Start" />${serviceTask('Task_Map', 'test.vars.map', io)}<bpmn:endEvent id="End" />${chain('Start', 'Task_Map', 'End')}`,
      ),
    );
    const key = await start('vars-mapped', { amount: 21, applicant: { name: '珠海建设' } });
    const [job] = await activate('test.vars.map');
    expect(job!.variables).toMatchObject({ amount: 21, doubled: 42, who: { name: '珠海建设' } });
    await engine.completeJob(job!.key, { score: 9, noise: 'stays local' });
    expect((await instance(key)).variables).toEqual({
      amount: 21,
      applicant: { name: '珠海建设' },
      result: { score: 10 },
    });
  });

  it('without output mappings, completion variables merge into the scope that holds them, else the root', async () => {
    const { deploy, start, activate, engine, instance } = ctx();
    await deploy(
      process(
        'vars-merge',
        `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=0" target="local" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:startEvent id="Start_Sub" />${serviceTask('Task_In', 'test.vars.merge')}<bpmn:endEvent id="End_Sub" />${chain('Start_Sub', 'Task_In', 'End_Sub')}</bpmn:subProcess><bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}`,
      ),
    );
    const key = await start('vars-merge', { count: 1 });
    const [job] = await activate('test.vars.merge');
    expect(job!.variables).toEqual({ count: 1, local: 0 });
    await engine.completeJob(job!.key, { count: 2, local: 5, fresh: true });
    // `local` was updated in the sub-process scope and vanished with it; the others reached the root
    expect((await instance(key)).variables).toEqual({ count: 2, fresh: true });
  });

  it('FEEL built-ins is defined and get or else work in conditions', async () => {
    const { deploy, start, instance, engine } = ctx();
    await deploy(
      process(
        'vars-builtins',
        `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Gateway_Defined" default="Flow_Default" /><bpmn:endEvent id="End_Defined" /><bpmn:endEvent id="End_Default" />${chain('Start', 'Gateway_Defined')}
      <bpmn:sequenceFlow id="Flow_Defined" sourceRef="Gateway_Defined" targetRef="End_Defined"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=is defined(x) and get or else(y, 0) = 0</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_Default" sourceRef="Gateway_Defined" targetRef="End_Default" />`,
      ),
    );
    const a = await start('vars-builtins', { x: 1 });
    const b = await start('vars-builtins', {});
    const ends = async (k: string) =>
      (await engine.getElementHistory(k))
        .filter((h) => h.elementId.startsWith('End_') && h.event === 'COMPLETED')
        .map((h) => h.elementId);
    expect(await ends(a)).toEqual(['End_Defined']);
    expect(await ends(b)).toEqual(['End_Default']);
    expect((await instance(a)).state).toBe('COMPLETED');
  });

  it('a value that does not fit raises an incident instead of using null, and resolves once retried', async () => {
    const { deploy, start, engine, active } = ctx();
    await deploy(
      process(
        'vars-incident',
        `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Gateway_Check" default="Flow_No" /><bpmn:endEvent id="End_Yes" /><bpmn:endEvent id="End_No" />${chain('Start', 'Gateway_Check')}
      <bpmn:sequenceFlow id="Flow_Yes" sourceRef="Gateway_Check" targetRef="End_Yes"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_No" sourceRef="Gateway_Check" targetRef="End_No" />`,
      ),
    );
    const key = await start('vars-incident', { amount: 5 });
    expect(await active(key)).toEqual(['Gateway_Check']);
    const [incident] = await engine.listIncidents({ processInstanceKey: key, state: 'ACTIVE' });
    expect(incident).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'Gateway_Check' });
    expect(incident!.errorMessage).toContain('expected a boolean');
  });
});
