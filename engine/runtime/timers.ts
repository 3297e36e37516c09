/**
 * Timers: rows with a due instant, fired by the scheduler (scheduler.ts) when the clock reaches them —
 * an instance's trigger, or a timer start event that starts a new instance and arms its cycle's next
 * occurrence.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import { addDuration, parseDuration } from '../expressions/timer-spec.ts';
import { loadInstanceForUpdate } from '../store/instance-store.ts';
import { engineProcessDefinition, engineTimer } from '../store/tables.ts';
import type { EngineCore } from './engine-core.ts';

/** Fires every timer due at the clock's now; returns how many fired. */
export async function fireDueTimers(core: EngineCore, limit = 200): Promise<number> {
  const due = await core.db
    .select({ key: engineTimer.key, processInstanceKey: engineTimer.processInstanceKey })
    .from(engineTimer)
    .where(and(eq(engineTimer.state, 'ACTIVE'), lte(engineTimer.dueAt, core.now())))
    .orderBy(asc(engineTimer.dueAt))
    .limit(limit);
  let fired = 0;
  for (const t of due) {
    try {
      if (await fireTimer(core, t.key, t.processInstanceKey)) fired++;
    } catch (err) {
      core.logger.error({ err, timerKey: t.key }, 'timer could not fire');
    }
  }
  return fired;
}

async function fireTimer(core: EngineCore, timerKey: string, processInstanceKey: string | null): Promise<boolean> {
  let fired = false;
  const result = await core.transact(async (tx) => {
    fired = false;
    if (processInstanceKey) await loadInstanceForUpdate(tx, processInstanceKey);
    const rows = await tx
      .select()
      .from(engineTimer)
      .where(eq(engineTimer.key, timerKey))
      .for('update', { skipLocked: true });
    const timer = rows[0];
    if (!timer) return { jobTypes: new Set<string>(), timers: false };
    await tx.delete(engineTimer).where(eq(engineTimer.key, timerKey));
    fired = true;
    const spec = { repetitions: timer.repetitions, interval: timer.interval, dueAt: timer.dueAt };
    if (timer.processInstanceKey) {
      return core.process(tx, [
        {
          instanceKey: timer.processInstanceKey,
          command: { c: 'trigger', triggerKey: timer.key, variables: {}, timer: spec },
        },
      ]);
    }
    // a timer start event: a new instance, and the next occurrence of a cycle
    const now = core.now();
    const def = (
      await tx.select().from(engineProcessDefinition).where(eq(engineProcessDefinition.key, timer.processDefinitionKey))
    )[0]!;
    if (timer.interval && (timer.repetitions === -1 || timer.repetitions > 1)) {
      // a start cycle does not catch up on missed occurrences: the next one is the first in the future
      let next = addDuration(timer.dueAt, parseDuration(timer.interval));
      while (next.getTime() <= now.getTime()) next = addDuration(next, parseDuration(timer.interval));
      await tx.insert(engineTimer).values({
        ...timer,
        key: core.keys.take(),
        dueAt: next,
        repetitions: timer.repetitions === -1 ? -1 : timer.repetitions - 1,
      });
    }
    return core.process(tx, [
      {
        create: {
          key: core.keys.take(),
          definition: def,
          variables: {},
          startElementId: timer.elementId,
          parent: null,
        },
      },
    ]);
  });
  core.notify(result);
  return fired;
}

/** Earliest due time of an active timer, for the scheduler. */
export async function nextTimerDue(core: EngineCore): Promise<Date | null> {
  const rows = await core.db
    .select({ dueAt: engineTimer.dueAt })
    .from(engineTimer)
    .where(eq(engineTimer.state, 'ACTIVE'))
    .orderBy(asc(engineTimer.dueAt))
    .limit(1);
  return rows[0]?.dueAt ?? null;
}
