import { expect, it } from 'vitest';
import { chain, diagram, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const v1 = process(
  'deploy-versions',
  `<bpmn:startEvent id="Start" />${serviceTask('Task_A', 'test.deploy.a')}<bpmn:endEvent id="End" />${chain('Start', 'Task_A', 'End')}`,
);
const v2 = process(
  'deploy-versions',
  `<bpmn:startEvent id="Start" />${serviceTask('Task_B', 'test.deploy.b')}<bpmn:endEvent id="End" />${chain('Start', 'Task_B', 'End')}`,
);

describeEngine('deployments', (ctx) => {
  it('creates a new version only when the XML changed; running instances stay on theirs', async () => {
    const { engine, activate, work, instance } = ctx();
    const xml1 = await diagram(v1);
    const first = await engine.deploy([{ name: 'd.bpmn', xml: xml1 }]);
    const again = await engine.deploy([{ name: 'd.bpmn', xml: xml1 }]);
    expect(first).toMatchObject([{ bpmnProcessId: 'deploy-versions', version: 1, isNew: true }]);
    expect(again).toMatchObject([{ version: 1, isNew: false, processDefinitionKey: first[0]!.processDefinitionKey }]);
    const old = (await engine.createInstance({ bpmnProcessId: 'deploy-versions' })).processInstanceKey;
    // when version 2 is deployed
    const second = await engine.deploy([{ name: 'd.bpmn', xml: await diagram(v2) }]);
    expect(second).toMatchObject([{ version: 2, isNew: true }]);
    const fresh = await engine.createInstance({ bpmnProcessId: 'deploy-versions' });
    // then the old instance runs on version 1, new ones on version 2, and version 1 can still be chosen
    expect(fresh.version).toBe(2);
    expect((await activate('test.deploy.a')).map((j) => j.processInstanceKey)).toEqual([old]);
    expect((await work('test.deploy.b')).map((j) => j.processInstanceKey)).toEqual([fresh.processInstanceKey]);
    expect((await engine.createInstance({ bpmnProcessId: 'deploy-versions', version: 1 })).version).toBe(1);
    expect((await instance(old)).version).toBe(1);
  });

  it('refuses an invalid deployment naming the elements, and deploys nothing of it', async () => {
    const { engine } = ctx();
    const good = await diagram(
      process('deploy-good', `<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />${chain('Start', 'End')}`),
    );
    const bad = await diagram(
      process(
        'deploy-bad',
        `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Task_NoType" /><bpmn:exclusiveGateway id="Gateway_X" /><bpmn:endEvent id="End_A" /><bpmn:endEvent id="End_B" />${chain('Start', 'Task_NoType', 'Gateway_X')}<bpmn:sequenceFlow id="Flow_Bad" sourceRef="Gateway_X" targetRef="End_A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>${chain('Gateway_X', 'End_B')}`,
      ),
    );
    const unsupported = await diagram(
      process(
        'deploy-unsupported',
        `<bpmn:startEvent id="Start" /><bpmn:complexGateway id="Gateway_Complex" /><bpmn:endEvent id="End" />${chain('Start', 'Gateway_Complex', 'End')}`,
      ),
    );
    // when
    const error = await engine
      .deploy([
        { name: 'good.bpmn', xml: good },
        { name: 'bad.bpmn', xml: bad },
        { name: 'u.bpmn', xml: unsupported },
      ])
      .catch((e: unknown) => e);
    // then
    expect(error).toMatchObject({ code: 'DEPLOY_INVALID' });
    const ids = (error as { details: { elementIds: string[] } }).details.elementIds;
    expect(ids).toEqual(expect.arrayContaining(['Task_NoType', 'Gateway_Complex']));
    await expect(engine.createInstance({ bpmnProcessId: 'deploy-good' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // the FEEL problem alone is named too
    const feel = await diagram(
      process(
        'deploy-feel',
        `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Gateway_X" default="Flow_Default" /><bpmn:endEvent id="End_A" /><bpmn:endEvent id="End_B" />${chain('Start', 'Gateway_X')}<bpmn:sequenceFlow id="Flow_Bad" sourceRef="Gateway_X" targetRef="End_A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:sequenceFlow id="Flow_Default" sourceRef="Gateway_X" targetRef="End_B" />`,
      ),
    );
    await expect(engine.deploy([{ name: 'feel.bpmn', xml: feel }])).rejects.toMatchObject({
      code: 'DEPLOY_INVALID',
      details: { elementIds: ['Flow_Bad'] },
    });
  });
});
