import { expect, it } from 'vitest';
import { chain, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const message = (id: string, name: string) =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>`;
const waiting = `${message('Msg_Go', 'tx.go')}${process('tx-wait', `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Catch_Go"><bpmn:messageEventDefinition messageRef="Msg_Go" /></bpmn:intermediateCatchEvent>${serviceTask('Task_After', 'tx.after')}<bpmn:endEvent id="End" />${chain('Start', 'Catch_Go', 'Task_After', 'End')}`)}`;

describeEngine('engine commands inside a business transaction', (ctx) => {
  it('commits the new instance and its message together, and wakes the workers after the commit', async () => {
    // given a process that waits for a message
    const { deploy, engine, activate } = ctx();
    await deploy(waiting);
    // when an instance and the message it waits for are issued in one transaction
    const key = await engine.inTransaction(async (_tx, commands) => {
      const created = await commands.createInstance({
        bpmnProcessId: 'tx-wait',
        businessKey: 'biz-1',
        variables: { caseId: 'C1' },
      });
      await commands.publishMessage({ name: 'tx.go', correlationKey: 'C1', messageId: 'go-1', timeToLiveMs: 60_000 });
      return created.processInstanceKey;
    });
    // then after the commit the instance exists, caught its message, and its job waits for a worker
    expect(key).toMatch(/^\d+$/);
    expect((await engine.getProcessInstance(key!))!.activeElementIds).toEqual(['Task_After']);
    expect(await activate('tx.after')).toHaveLength(1);
  });

  it('rolls back the instance and the message with the business write', async () => {
    // given the same process
    const { engine } = ctx();
    let created: string | null = null;
    // when the transaction fails after its engine commands
    const failed = engine.inTransaction(async (_tx, commands) => {
      created = (
        await commands.createInstance({ bpmnProcessId: 'tx-wait', businessKey: 'biz-2', variables: { caseId: 'C2' } })
      ).processInstanceKey;
      await commands.publishMessage({ name: 'tx.go', correlationKey: 'C3', messageId: 'go-3', timeToLiveMs: 60_000 });
      throw new Error('the business write failed');
    });
    // then nothing of it remains: no instance, and no message buffered for a later subscription
    await expect(failed).rejects.toThrow('the business write failed');
    expect(created).not.toBeNull();
    expect(await engine.getProcessInstance(created!)).toBeNull();
    const later = await engine.createInstance({ bpmnProcessId: 'tx-wait', variables: { caseId: 'C3' } });
    expect((await engine.getProcessInstance(later.processInstanceKey))!.activeElementIds).toEqual(['Catch_Go']);
  });

  it('claims and completes a user task as one: a failure afterwards leaves it open and unclaimed', async () => {
    // given a process waiting at a user task
    const { deploy, engine, start } = ctx();
    await deploy(
      process(
        'tx-task',
        `<bpmn:startEvent id="Start" /><bpmn:userTask id="Task_Decide"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="=[&quot;G&quot;]" /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="End" />${chain('Start', 'Task_Decide', 'End')}`,
      ),
    );
    const key = await start('tx-task');
    const [task] = await engine.listUserTasks({ processInstanceKey: key });
    // when a completion by u1 fails in the same transaction, and then one succeeds
    await expect(
      engine.inTransaction(async (_tx, commands) => {
        await commands.completeUserTask({
          userTaskKey: task!.key,
          variables: { decision: 'APPROVED' },
          assignee: 'u1',
        });
        throw new Error('the guard record failed');
      }),
    ).rejects.toThrow('the guard record failed');
    const after = await engine.getUserTask(task!.key);
    await engine.inTransaction(async (_tx, commands) => {
      await commands.completeUserTask({ userTaskKey: task!.key, variables: { decision: 'APPROVED' }, assignee: 'u2' });
    });
    // then the failed one left the task open and unclaimed; the other claimed and completed it
    expect({ state: after!.state, assignee: after!.assignee }).toEqual({ state: 'CREATED', assignee: null });
    expect(await engine.getUserTask(task!.key)).toMatchObject({ state: 'COMPLETED', assignee: 'u2' });
    expect((await engine.getProcessInstance(key))!.state).toBe('COMPLETED');
  });
});
