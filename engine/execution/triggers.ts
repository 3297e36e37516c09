/**
 * Triggers: the timers and message subscriptions an element instance owns — of its boundary events,
 * of the event sub-processes of its scope, of a catch event or receive task, of an event-based
 * gateway — opened as effects, closed when their owner ends, and fired by a timer or a message: a
 * catch completes, a gateway takes the event's path, a boundary event takes its host's token, an
 * event sub-process starts. A non-interrupting timer cycle re-arms itself.
 */
import type { Variables } from '../api.ts';
import { evalCorrelationKey, evalString } from '../expressions/feel.ts';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../expressions/timer-spec.ts';
import type { FlowNode } from '../model/model.ts';
import type { ElementInstance, TriggerPurpose } from './document.ts';
import { CommandRejected, type Behaviour, type Step, type TimerOccurrence } from './step.ts';

type Triggers = Pick<
  Behaviour,
  | 'openBoundaryTriggers'
  | 'openEventSubProcessTriggers'
  | 'openTrigger'
  | 'closeTriggers'
  | 'trigger'
  | 'takeBoundaryEvent'
  | 'startEventSubProcess'
>;

export function triggers(step: Step, b: Behaviour): Triggers {
  const { doc } = step;

  function openBoundaryTriggers(el: ElementInstance, node: FlowNode): void {
    for (const id of node.boundaryIds) {
      const boundary = step.node(id);
      if (boundary.event.kind === 'timer' || boundary.event.kind === 'message')
        openTrigger(el, boundary, el.key, 'boundary', boundary.interrupting);
    }
  }

  function openEventSubProcessTriggers(el: ElementInstance, node: FlowNode): boolean {
    return step.guard(el, 'activate', () => {
      for (const id of node.eventSubProcessIds) {
        const esp = step.node(id);
        if (esp.event.kind === 'timer' || esp.event.kind === 'message')
          openTrigger(el, esp, el.key, 'eventSub', esp.interrupting);
      }
    });
  }

  function openTrigger(
    owner: ElementInstance,
    catcher: FlowNode,
    ctxKey: string,
    purpose: TriggerPurpose,
    interrupting: boolean,
  ): void {
    const key = step.nextKey();
    const ctx = step.context(ctxKey);
    if (catcher.event.kind === 'timer') {
      const { dueAt, repetitions, interval } = timerDue(catcher.event, ctx, step.now);
      step.effects.push({
        t: 'timer.create',
        key,
        elementInstanceKey: owner.key,
        elementId: catcher.id,
        dueAt,
        repetitions,
        interval,
      });
    } else if (catcher.event.kind === 'message') {
      const correlationKey = evalCorrelationKey(catcher.event.correlationKey ?? '', ctx);
      step.effects.push({
        t: 'sub.open',
        key,
        elementInstanceKey: owner.key,
        elementId: catcher.id,
        messageName: catcher.event.messageName,
        correlationKey,
        interrupting,
      });
    } else {
      return;
    }
    doc.triggers[key] = { kind: catcher.event.kind, purpose, owner: owner.key, elementId: catcher.id, interrupting };
  }

  function closeTriggers(owner: string, purpose?: TriggerPurpose, except?: string): void {
    for (const [key, trig] of Object.entries(doc.triggers)) {
      if (trig.owner !== owner || key === except || (purpose && trig.purpose !== purpose)) continue;
      step.effects.push(trig.kind === 'timer' ? { t: 'timer.cancel', key } : { t: 'sub.close', key });
      delete doc.triggers[key];
    }
  }

  function trigger(triggerKey: string, variables: Variables, timer?: TimerOccurrence): void {
    const trig = doc.triggers[triggerKey];
    if (!trig) throw new CommandRejected('NOT_FOUND', `trigger ${triggerKey} is not open`);
    const owner = step.elem(trig.owner);
    const catcher = step.node(trig.elementId);
    const repeat =
      trig.kind === 'timer' &&
      timer &&
      !trig.interrupting &&
      (timer.repetitions === -1 || timer.repetitions > 1) &&
      timer.interval;
    // message subscriptions of non-interrupting triggers stay open; everything else is consumed
    if (trig.kind === 'timer' || trig.interrupting || trig.purpose === 'catch' || trig.purpose === 'gateway') {
      delete doc.triggers[triggerKey];
      // a consumed message subscription goes from the store too: left behind, a later message with the same
      // name and key would be routed to this closed trigger and refused instead of being buffered
      if (trig.kind !== 'timer') step.effects.push({ t: 'sub.close', key: triggerKey });
    }
    if (repeat) {
      const key = step.nextKey();
      const dueAt = addDuration(timer.dueAt, parseDuration(timer.interval!));
      step.effects.push({
        t: 'timer.create',
        key,
        elementInstanceKey: owner.key,
        elementId: catcher.id,
        dueAt,
        repetitions: timer.repetitions === -1 ? -1 : timer.repetitions - 1,
        interval: timer.interval,
      });
      doc.triggers[key] = { ...trig };
    }
    switch (trig.purpose) {
      case 'catch':
        b.complete(owner.key, variables);
        return;
      case 'gateway': {
        closeTriggers(owner.key);
        step.record(owner, 'COMPLETED');
        delete doc.elems[owner.key];
        const el = b.activateNoBehaviour(catcher.id, owner.scope!);
        b.complete(el.key, variables);
        return;
      }
      case 'boundary':
        takeBoundaryEvent(owner, catcher.id, variables, trig.interrupting);
        return;
      case 'eventSub':
        startEventSubProcess(owner.key, catcher.id, variables, trig.interrupting);
        return;
    }
  }

  function takeBoundaryEvent(
    host: ElementInstance,
    boundaryId: string,
    variables: Variables,
    interrupting: boolean,
  ): void {
    const scope = host.scope!;
    if (interrupting) b.terminate(host.key);
    const el = b.activateNoBehaviour(boundaryId, scope);
    b.complete(el.key, variables);
  }

  function startEventSubProcess(scopeKey: string, espId: string, variables: Variables, interrupting: boolean): void {
    if (interrupting) {
      for (const child of step.children(scopeKey)) b.terminate(child.key);
      step.dropJoins(scopeKey);
      closeTriggers(scopeKey, 'eventSub');
    }
    const esp = b.activateNoBehaviour(espId, scopeKey);
    for (const [name, value] of Object.entries(variables)) step.propagate(esp.key, name, value);
    const start = b.activateNoBehaviour(step.node(espId).noneStartId!, esp.key);
    b.complete(start.key);
  }

  return {
    openBoundaryTriggers,
    openEventSubProcessTriggers,
    openTrigger,
    closeTriggers,
    trigger,
    takeBoundaryEvent,
    startEventSubProcess,
  };
}

/** When a timer event is due: a date, a duration from now, or the first occurrence of a cycle. */
export function timerDue(
  event: { timeDate?: string; timeDuration?: string; timeCycle?: string },
  ctx: Variables,
  now: Date,
): { dueAt: Date; repetitions: number; interval: string | null } {
  if (event.timeDate)
    return { dueAt: parseDateTime(evalString(event.timeDate, ctx, 'a date-time')), repetitions: 1, interval: null };
  if (event.timeDuration)
    return {
      dueAt: addDuration(now, parseDuration(evalString(event.timeDuration, ctx, 'a duration'))),
      repetitions: 1,
      interval: null,
    };
  const cycle = parseCycle(evalString(event.timeCycle!, ctx, 'a cycle'), now);
  return { dueAt: cycle.first, repetitions: cycle.repetitions, interval: cycle.interval };
}
