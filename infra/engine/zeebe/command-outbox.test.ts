/**
 * The command outbox a cluster's engine commands go through, on a real database, with a recording
 * target in place of the cluster: commands exist only when their transaction committed, are relayed in
 * order, retried after a failure, and never doubled after a crash between sending and marking done.
 */
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { describeEachDatabase } from '../../../test/db.ts';
import { ManualClock } from '../../clock.ts';
import { engineCommandOutbox } from '../../db/schema.ts';
import { EngineError, type CreateInstanceRequest, type PublishMessageRequest } from '../port.ts';
import { createCommandOutbox, type OutboxTarget } from './command-outbox.ts';

function recordingTarget() {
  const sent: string[] = [];
  const created = new Map<string, string>();
  let failNext = 0;
  const target: OutboxTarget & { sent: string[]; failNext(n: number): void } = {
    sent,
    failNext(n) {
      failNext = n;
    },
    async createInstance(request: CreateInstanceRequest) {
      if (failNext > 0) {
        failNext -= 1;
        throw new EngineError('UNAVAILABLE', 'cluster unavailable');
      }
      const key = String(1000 + created.size);
      created.set(String(request.variables?.businessKey), key);
      sent.push(`create ${request.bpmnProcessId} ${String(request.variables?.businessKey)}`);
      return { processInstanceKey: key, processDefinitionKey: '1', bpmnProcessId: request.bpmnProcessId, version: 1 };
    },
    async publishMessage(request: PublishMessageRequest) {
      if (sent.includes(`publish ${request.name} ${request.messageId}`))
        throw new EngineError('MESSAGE_ALREADY_EXISTS', 'duplicate');
      sent.push(`publish ${request.name} ${request.messageId}`);
      return { messageKey: '1' };
    },
    async findInstanceByBusinessKey(_id: string, businessKey: string) {
      return created.get(businessKey) ?? null;
    },
    async claimUserTask(key: string, assignee: string) {
      sent.push(`claim ${key} ${assignee}`);
    },
    async completeUserTask(key: string) {
      sent.push(`complete ${key}`);
    },
  };
  return target;
}

describeEachDatabase('the engine command outbox (ENGINE=zeebe)', (get) => {
  const clock = new ManualClock(new Date('2026-12-05T02:00:00Z'));
  const setup = () => {
    const target = recordingTarget();
    return {
      target,
      outbox: createCommandOutbox({
        database: get(),
        target,
        clock,
        logger: pino({ level: 'silent' }),
        leaseMs: 60_000,
      }),
    };
  };

  it('relays the commands of a committed transaction in order, and none of a rolled-back one', async () => {
    // given the outbox and a recording cluster
    const { target, outbox } = setup();
    // when one transaction commits two commands and another fails after one
    await outbox.inTransaction(async (_tx, engine) => {
      await engine.createInstance({
        bpmnProcessId: 'stage-application',
        businessKey: 'application:A1',
        variables: { applicationId: 'A1' },
      });
      await engine.publishMessage({ name: 'project.stage-applied', correlationKey: 'P/1', messageId: 'A1' });
    });
    await expect(
      outbox.inTransaction(async (_tx, engine) => {
        await engine.createInstance({ bpmnProcessId: 'stage-application', businessKey: 'application:A2' });
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    await outbox.relay();
    // then the committed commands reached the cluster in order, with the business key as a variable
    expect(target.sent).toEqual(['create stage-application application:A1', 'publish project.stage-applied A1']);
    expect(await outbox.relay()).toBe(0);
  });

  it('retries a command the cluster refused, after a back-off', async () => {
    // given a cluster that refuses the next creation
    const { target, outbox } = setup();
    target.failNext(1);
    await outbox.inTransaction(async (_tx, engine) => {
      await engine.createInstance({ bpmnProcessId: 'project', businessKey: 'project:X' });
    });
    // when relayed now, and again once the back-off passed
    await outbox.relay();
    const [row] = await get()
      .db.select()
      .from(engineCommandOutbox)
      .where(eq(engineCommandOutbox.dedupeKey, 'instance:project:X'));
    expect({ done: row!.doneAt, error: row!.lastError }).toEqual({ done: null, error: 'cluster unavailable' });
    clock.advance(5_000);
    await outbox.relay();
    // then it went through once
    expect(target.sent.filter((s) => s === 'create project project:X')).toHaveLength(1);
  });

  it('does not create an instance twice when a crash came between sending and marking done', async () => {
    // given a creation the cluster received but whose row was never marked done (the relay was killed)
    const { target, outbox } = setup();
    const first = await target.createInstance({ bpmnProcessId: 'project', variables: { businessKey: 'project:Y' } });
    await get()
      .db.insert(engineCommandOutbox)
      .values({
        kind: 'CREATE_INSTANCE',
        dedupeKey: 'instance:project:Y',
        payload: { bpmnProcessId: 'project', businessKey: 'project:Y', variables: {} },
        createdAt: clock.now(),
        nextAttemptAt: clock.now(),
        attempts: 1,
      });
    // when the relay takes it up again
    await outbox.relay();
    // then the instance is found by its business key, not created again; a repeated message is taken as sent
    expect(target.sent.filter((s) => s === 'create project project:Y')).toHaveLength(1);
    const [row] = await get()
      .db.select()
      .from(engineCommandOutbox)
      .where(eq(engineCommandOutbox.dedupeKey, 'instance:project:Y'));
    expect(row!.resultKey).toBe(first.processInstanceKey);
    await outbox.inTransaction(async (_tx, engine) => {
      await engine.publishMessage({ name: 'project.stage-applied', correlationKey: 'P/1', messageId: 'A1' });
    });
    expect(await outbox.relay()).toBe(0); // enqueued once already (same dedupe key): nothing new
  });
});
