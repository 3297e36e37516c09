import { expect, it } from 'vitest';
import { chain, process, serviceTask } from '../../test/bpmn-diagram.ts';
import { describeEngine } from './harness.ts';

const HOUR = 3_600_000;
const message = (id: string, name: string, key = '=caseId') =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;
const userTask = (id: string, assignment: string, extra = '') =>
  `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition ${assignment} />${extra}</bpmn:extensionElements></bpmn:userTask>`;

describeEngine('user tasks, messages and timers', (ctx) => {
  it('user tasks: candidate groups from FEEL, due date, claim, unclaim, complete with variables', async () => {
    const { deploy, start, engine, instance } = ctx();
    await deploy(
      process(
        'ev-user',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=[department]" candidateUsers="=[&quot;u1&quot;]"', '<zeebe:taskSchedule dueDate="=dueAt" />')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Review', 'End')}`,
      ),
    );
    const key = await start('ev-user', { department: 'ZH_ZJJ', dueAt: '2026-06-10T23:59:59+08:00' });
    const [task] = await engine.listUserTasks({ candidateGroups: ['ZH_ZJJ'] });
    expect(task).toMatchObject({
      processInstanceKey: key,
      elementId: 'Task_Review',
      candidateGroups: ['ZH_ZJJ'],
      candidateUsers: ['u1'],
      assignee: null,
      dueDate: '2026-06-10T15:59:59.000Z',
    });
    expect(await engine.listUserTasks({ candidateGroups: ['ZH_ZRZYJ'] })).toEqual([]);
    await engine.claimUserTask(task!.key, 'alice');
    await expect(engine.claimUserTask(task!.key, 'bob')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect((await engine.listUserTasks({ assignee: 'alice' })).map((t) => t.key)).toEqual([task!.key]);
    await engine.unclaimUserTask(task!.key);
    await engine.claimUserTask(task!.key, 'bob');
    await engine.completeUserTask(task!.key, { decision: 'APPROVED' });
    expect(await instance(key)).toMatchObject({ state: 'COMPLETED', variables: { decision: 'APPROVED' } });
    await expect(engine.completeUserTask(task!.key)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('candidate groups that are not a list of strings raise an incident', async () => {
    const { deploy, start, engine } = ctx();
    await deploy(
      process(
        'ev-user-bad',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=department"')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Review', 'End')}`,
      ),
    );
    const key = await start('ev-user-bad', { department: 'ZH_ZJJ' });
    expect(await engine.listIncidents({ processInstanceKey: key })).toMatchObject([
      { errorType: 'EXTRACT_VALUE_ERROR', elementId: 'Task_Review' },
    ]);
    expect(await engine.listUserTasks({ processInstanceKey: key })).toEqual([]);
  });

  it('messages: correlated by key; TTL buffers until a subscription opens; TTL 0 does not', async () => {
    const { deploy, start, engine, work, instance, active } = ctx();
    await deploy(
      `${message('Msg_Supplement', 'case.supplemented')}${process('ev-msg', `<bpmn:startEvent id="Start" />${serviceTask('Task_Before', 'test.msg.before')}<bpmn:intermediateCatchEvent id="Catch_Supplement"><bpmn:messageEventDefinition messageRef="Msg_Supplement" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />${chain('Start', 'Task_Before', 'Catch_Supplement', 'End')}`)}`,
    );
    const a = await start('ev-msg', { caseId: 'A' });
    const b = await start('ev-msg', { caseId: 'B' });
    // a message published before the subscription opens: TTL 0 is lost, TTL > 0 waits
    await engine.publishMessage({
      name: 'case.supplemented',
      correlationKey: 'A',
      timeToLiveMs: 0,
      variables: { lost: true },
    });
    await engine.publishMessage({
      name: 'case.supplemented',
      correlationKey: 'B',
      timeToLiveMs: HOUR,
      variables: { materials: ['M1'] },
    });
    await work('test.msg.before');
    expect(await instance(b)).toMatchObject({ state: 'COMPLETED', variables: { materials: ['M1'] } });
    expect(await active(a)).toEqual(['Catch_Supplement']);
    // a message for another key does not correlate; the right one does
    await engine.publishMessage({ name: 'case.supplemented', correlationKey: 'Z', variables: {} });
    expect(await active(a)).toEqual(['Catch_Supplement']);
    await engine.publishMessage({ name: 'case.supplemented', correlationKey: 'A', variables: { late: 1 } });
    expect(await instance(a)).toMatchObject({ state: 'COMPLETED', variables: { caseId: 'A', late: 1 } });
    // a message id is unique while the message lives
    await engine.publishMessage({ name: 'x.dup', correlationKey: 'K', messageId: 'm-1', timeToLiveMs: HOUR });
    await expect(
      engine.publishMessage({ name: 'x.dup', correlationKey: 'K', messageId: 'm-1', timeToLiveMs: HOUR }),
    ).rejects.toMatchObject({ code: 'MESSAGE_ALREADY_EXISTS' });
  });

  it('a caught message closes its subscription: the next message with the same key is buffered, not refused', async () => {
    // given an instance that caught its message and now waits in a user task
    const { deploy, start, engine, active } = ctx();
    await deploy(
      `${message('Msg_Applied', 'case.applied-again')}${process('ev-msg-again', `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Catch_Applied"><bpmn:messageEventDefinition messageRef="Msg_Applied" /></bpmn:intermediateCatchEvent>${userTask('Task_Wait', 'candidateGroups="=[&quot;G&quot;]"')}<bpmn:endEvent id="End" />${chain('Start', 'Catch_Applied', 'Task_Wait', 'End')}`)}`,
    );
    const a = await start('ev-msg-again', { caseId: 'A' });
    await engine.publishMessage({
      name: 'case.applied-again',
      correlationKey: 'A',
      messageId: 'first',
      timeToLiveMs: HOUR,
    });
    expect(await active(a)).toEqual(['Task_Wait']);
    // when a second message with the same name and key comes (a re-application)
    // then it is taken and kept for a later catch, and the instance is untouched
    await expect(
      engine.publishMessage({
        name: 'case.applied-again',
        correlationKey: 'A',
        messageId: 'second',
        timeToLiveMs: HOUR,
      }),
    ).resolves.toMatchObject({ messageKey: expect.any(String) });
    expect(await active(a)).toEqual(['Task_Wait']);
  });

  it('message boundary events: non-interrupting keeps the task, interrupting ends it', async () => {
    const { deploy, start, engine, active, instance } = ctx();
    await deploy(
      `${message('Msg_Remind', 'case.remind')}${message('Msg_Withdraw', 'case.withdrawn')}${process(
        'ev-msg-boundary',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=[&quot;G&quot;]"')}
      <bpmn:boundaryEvent id="Boundary_Remind" attachedToRef="Task_Review" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Msg_Remind" /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Boundary_Withdraw" attachedToRef="Task_Review"><bpmn:messageEventDefinition messageRef="Msg_Withdraw" /></bpmn:boundaryEvent>
      ${serviceTask('Task_Remind', 'test.msg.remind')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End_Reminded" /><bpmn:endEvent id="End_Withdrawn" />
      ${chain('Start', 'Task_Review', 'End')}${chain('Boundary_Remind', 'Task_Remind', 'End_Reminded')}${chain('Boundary_Withdraw', 'End_Withdrawn')}`,
      )}`,
    );
    const key = await start('ev-msg-boundary', { caseId: 'W1' });
    await engine.publishMessage({ name: 'case.remind', correlationKey: 'W1' });
    await engine.publishMessage({ name: 'case.remind', correlationKey: 'W1' });
    expect(await active(key)).toEqual(['Task_Remind', 'Task_Remind', 'Task_Review']);
    await engine.publishMessage({ name: 'case.withdrawn', correlationKey: 'W1', variables: { withdrawn: true } });
    expect(await active(key)).toEqual(['Task_Remind', 'Task_Remind']);
    expect(await engine.listUserTasks({ processInstanceKey: key })).toEqual([]);
    expect((await instance(key)).variables.withdrawn).toBe(true);
  });

  it('a message start event creates an instance', async () => {
    const { deploy, engine } = ctx();
    await deploy(
      `<bpmn:message id="Msg_Apply" name="case.applied" />${process('ev-msg-start', `<bpmn:startEvent id="Start_Message"><bpmn:messageEventDefinition messageRef="Msg_Apply" /></bpmn:startEvent>${serviceTask('Task_Intake', 'test.msg.start')}<bpmn:endEvent id="End" />${chain('Start_Message', 'Task_Intake', 'End')}`)}`,
    );
    await engine.publishMessage({ name: 'case.applied', correlationKey: 'P-1', variables: { projectCode: 'P-1' } });
    const jobs = await engine.activateJobs({
      type: 'test.msg.start',
      worker: 't',
      maxJobsToActivate: 5,
      timeout: 1000,
    });
    expect(jobs.map((j) => j.variables)).toEqual([{ projectCode: 'P-1' }]);
  });

  it('message event sub-processes: non-interrupting runs beside, interrupting ends the scope', async () => {
    const { deploy, start, engine, active, instance } = ctx();
    await deploy(
      `${message('Msg_Note', 'case.note')}${message('Msg_Revoke', 'case.revoked')}${process(
        'ev-esp',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=[&quot;G&quot;]"')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Review', 'End')}
      <bpmn:subProcess id="EventSub_Note" triggeredByEvent="true"><bpmn:startEvent id="Start_Note" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_Note" /></bpmn:startEvent>${serviceTask('Task_Note', 'test.esp.note')}<bpmn:endEvent id="End_Note" />${chain('Start_Note', 'Task_Note', 'End_Note')}</bpmn:subProcess>
      <bpmn:subProcess id="EventSub_Revoke" triggeredByEvent="true"><bpmn:startEvent id="Start_Revoke"><bpmn:messageEventDefinition messageRef="Msg_Revoke" /></bpmn:startEvent><bpmn:endEvent id="End_Revoke" />${chain('Start_Revoke', 'End_Revoke')}</bpmn:subProcess>`,
      )}`,
    );
    const key = await start('ev-esp', { caseId: 'E1' });
    await engine.publishMessage({ name: 'case.note', correlationKey: 'E1' });
    expect(await active(key)).toEqual(['EventSub_Note', 'Task_Note', 'Task_Review']);
    await engine.publishMessage({ name: 'case.revoked', correlationKey: 'E1' });
    expect((await instance(key)).state).toBe('COMPLETED');
    expect(
      await engine.activateJobs({ type: 'test.esp.note', worker: 't', maxJobsToActivate: 5, timeout: 1000 }),
    ).toEqual([]);
  });

  it('timers: duration and date catch events fire when time moves, months away too', async () => {
    const { deploy, start, advance, active, instance } = ctx();
    await deploy(
      process(
        'ev-timer',
        `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Timer_Hour"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Timer_Date"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=dueAt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />${chain('Start', 'Timer_Hour', 'Timer_Date', 'End')}`,
      ),
    );
    const key = await start('ev-timer', { dueAt: '2026-09-30T23:59:59+08:00' });
    await advance(HOUR - 1000);
    expect(await active(key)).toEqual(['Timer_Hour']);
    await advance(1000);
    expect(await active(key)).toEqual(['Timer_Date']);
    await advance(130 * 24 * HOUR);
    expect((await instance(key)).state).toBe('COMPLETED');
  });

  it('timer boundaries: non-interrupting cycle repeats R3 times, interrupting duration ends the task', async () => {
    const { deploy, start, advance, engine, active } = ctx();
    await deploy(
      process(
        'ev-timer-boundary',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=[&quot;G&quot;]"')}
      <bpmn:boundaryEvent id="Boundary_Remind" attachedToRef="Task_Review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Boundary_Expire" attachedToRef="Task_Review"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${serviceTask('Task_Remind', 'test.timer.remind')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End_Reminded" /><bpmn:endEvent id="End_Expired" />
      ${chain('Start', 'Task_Review', 'End')}${chain('Boundary_Remind', 'Task_Remind', 'End_Reminded')}${chain('Boundary_Expire', 'End_Expired')}`,
      ),
    );
    const key = await start('ev-timer-boundary');
    for (let i = 0; i < 5; i++) await advance(10 * 60_000);
    const reminders = await engine.activateJobs({
      type: 'test.timer.remind',
      worker: 't',
      maxJobsToActivate: 10,
      timeout: 1000,
    });
    expect(reminders.filter((j) => j.processInstanceKey === key).length).toBe(3);
    expect(await active(key)).toContain('Task_Review');
    await advance(2 * HOUR);
    expect(await active(key)).not.toContain('Task_Review');
    expect(await engine.listUserTasks({ processInstanceKey: key })).toEqual([]);
  });

  it('a timer event sub-process fires in its scope; a timer start event creates instances on its cycle', async () => {
    const { deploy, start, advance, engine, active } = ctx();
    await deploy(
      process(
        'ev-timer-esp',
        `<bpmn:startEvent id="Start" />${userTask('Task_Review', 'candidateGroups="=[&quot;G&quot;]"')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Review', 'End')}
      <bpmn:subProcess id="EventSub_Late" triggeredByEvent="true"><bpmn:startEvent id="Start_Late" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>${serviceTask('Task_Warn', 'test.timer.warn')}<bpmn:endEvent id="End_Late" />${chain('Start_Late', 'Task_Warn', 'End_Late')}</bpmn:subProcess>`,
      ),
    );
    const key = await start('ev-timer-esp');
    await advance(24 * HOUR);
    expect(await active(key)).toEqual(['EventSub_Late', 'Task_Review', 'Task_Warn']);
    await deploy(
      process(
        'ev-timer-start',
        `<bpmn:startEvent id="Start_Daily"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${serviceTask('Task_Daily', 'test.timer.daily')}<bpmn:endEvent id="End" />${chain('Start_Daily', 'Task_Daily', 'End')}`,
      ),
    );
    for (let i = 0; i < 4; i++) await advance(HOUR);
    expect(
      (await engine.activateJobs({ type: 'test.timer.daily', worker: 't', maxJobsToActivate: 10, timeout: 1000 }))
        .length,
    ).toBe(2);
  });
});
