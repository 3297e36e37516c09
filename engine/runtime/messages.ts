/**
 * Messages: a published message correlates with the open subscriptions of its name and key (once per
 * process) and starts the processes whose message start event waits for it; with a time to live it is
 * buffered for subscriptions that open later, and a message id makes a repeat a refusal while it lives.
 */
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Key, PublishMessageRequest } from '../api.ts';
import { EngineError } from '../errors.ts';
import type { EngineTx } from '../store/database.ts';
import { engineMessage, engineMessageSubscription, engineProcessDefinition } from '../store/tables.ts';
import type { EngineCore, Wakeups, Work } from './engine-core.ts';

export async function publishMessage(core: EngineCore, request: PublishMessageRequest): Promise<{ messageKey: Key }> {
  if (!request.name) throw new EngineError('INVALID_ARGUMENT', 'a message needs a name');
  await core.keys.ensure();
  const messageKey = core.keys.take();
  const result = await core.transact(async (tx) => publishIn(core, tx, request, messageKey));
  core.notify(result);
  return { messageKey };
}

/** Publishes inside `tx`: correlates with the open subscriptions, buffers for its time to live. */
export async function publishIn(
  core: EngineCore,
  tx: EngineTx,
  request: PublishMessageRequest,
  messageKey: string,
): Promise<Wakeups> {
  if (!request.name) throw new EngineError('INVALID_ARGUMENT', 'a message needs a name');
  const now = core.now();
  const ttl = Math.max(0, request.timeToLiveMs ?? 0);
  if (request.messageId) {
    const dup = await tx
      .select({ key: engineMessage.key })
      .from(engineMessage)
      .where(
        and(
          eq(engineMessage.name, request.name),
          eq(engineMessage.correlationKey, request.correlationKey),
          eq(engineMessage.messageId, request.messageId),
          gt(engineMessage.expiresAt, now),
        ),
      );
    if (dup.length)
      throw new EngineError('MESSAGE_ALREADY_EXISTS', `a message with id ${request.messageId} is already published`);
  }
  const subs = await tx
    .select()
    .from(engineMessageSubscription)
    .where(
      and(
        eq(engineMessageSubscription.messageName, request.name),
        or(
          eq(engineMessageSubscription.correlationKey, request.correlationKey),
          isNull(engineMessageSubscription.processInstanceKey),
        ),
      ),
    )
    .orderBy(asc(engineMessageSubscription.openedAt), asc(engineMessageSubscription.key));
  const correlatedTo = new Set<string>();
  const work: Work[] = [];
  for (const sub of subs) {
    if (correlatedTo.has(sub.bpmnProcessId)) continue;
    correlatedTo.add(sub.bpmnProcessId);
    if (sub.processInstanceKey) {
      work.push({
        instanceKey: sub.processInstanceKey,
        command: { c: 'trigger', triggerKey: sub.key, variables: request.variables ?? {} },
      });
    } else {
      const def = await tx
        .select()
        .from(engineProcessDefinition)
        .where(eq(engineProcessDefinition.key, sub.processDefinitionKey));
      work.push({
        create: {
          key: core.keys.take(),
          definition: def[0]!,
          variables: request.variables ?? {},
          startElementId: sub.elementId,
          parent: null,
        },
      });
    }
  }
  if (ttl > 0) {
    await tx.insert(engineMessage).values({
      key: messageKey,
      name: request.name,
      correlationKey: request.correlationKey,
      messageId: request.messageId ?? null,
      variables: request.variables ?? {},
      publishedAt: now,
      expiresAt: new Date(now.getTime() + ttl),
      correlatedTo: [...correlatedTo],
    });
  }
  return core.process(tx, work);
}

/** Deletes messages whose time to live has ended. */
export async function expireMessages(core: EngineCore): Promise<number> {
  const rows = await core.db
    .delete(engineMessage)
    .where(lte(engineMessage.expiresAt, core.now()))
    .returning({ key: engineMessage.key });
  return rows.length;
}
