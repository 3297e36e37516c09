/**
 * One step of one process instance: applies a command to its execution document with Zeebe's
 * semantics and collects the effects (jobs, user tasks, timers, subscriptions, incidents, child
 * instances) and history it implies. Synchronous and free of I/O: the engine loads the document, runs
 * a step, and commits the document with the effects in one transaction.
 *
 * The step's parts live by concern — activation.ts, flow.ts, gateways.ts, triggers.ts,
 * error-propagation.ts, termination.ts — around the step's core (step.ts); this file wires them and
 * dispatches the commands.
 */
import type { ProcessModel } from '../model/model.ts';
import { activation } from './activation.ts';
import type { Command, InstanceDocument } from './document.ts';
import { errorPropagation } from './error-propagation.ts';
import { flow } from './flow.ts';
import { gateways } from './gateways.ts';
import { CommandRejected, Step, type Behaviour } from './step.ts';
import { termination } from './termination.ts';
import { triggers } from './triggers.ts';

export { CommandRejected } from './step.ts';
export { timerDue } from './triggers.ts';

export class Execution {
  private readonly step: Step;
  private readonly b: Behaviour;

  constructor(model: ProcessModel, doc: InstanceDocument, now: Date, nextKey: () => string) {
    const step = new Step(model, doc, now, nextKey);
    // the parts call each other only while a command runs, so the object they share is filled first
    const b = {} as Behaviour;
    Object.assign(b, {
      ...activation(step, b),
      ...flow(step, b),
      ...gateways(step, b),
      ...termination(step, b),
      ...triggers(step, b),
      ...errorPropagation(step, b),
    } satisfies Behaviour);
    this.step = step;
    this.b = b;
  }

  get effects() {
    return this.step.effects;
  }
  get history() {
    return this.step.history;
  }

  run(command: Command): void {
    const { step, b } = this;
    const doc = step.doc;
    switch (command.c) {
      case 'start':
        b.start(command.startElementId, command.variables);
        break;
      case 'job.complete': {
        const el = step.waiting(command.elementInstanceKey, 'job');
        step.schedule(() => b.complete(el.key, command.variables));
        break;
      }
      case 'task.complete': {
        const el = step.waiting(command.elementInstanceKey, 'task');
        step.schedule(() => b.complete(el.key, command.variables));
        break;
      }
      case 'job.error': {
        const el = step.waiting(command.elementInstanceKey, 'job');
        const origin = step.origin(el);
        step.schedule(() => b.throwError(el.key, command.errorCode, command.errorMessage, command.variables, origin));
        break;
      }
      case 'trigger':
        step.schedule(() => b.trigger(command.triggerKey, command.variables, command.timer));
        break;
      case 'child.completed': {
        const el = step.waiting(command.elementInstanceKey, 'child');
        delete el.child;
        step.schedule(() => b.childCompleted(el, command.variables));
        break;
      }
      case 'child.error': {
        const el = step.elem(command.elementInstanceKey);
        step.schedule(() =>
          b.throwError(el.key, command.errorCode, command.errorMessage, command.variables, command.origin),
        );
        break;
      }
      case 'error.unhandled':
        b.unhandledError(step.elem(command.elementInstanceKey), command.errorCode, command.errorMessage);
        break;
      case 'incident.resolve':
        step.schedule(() => this.retryPending(command.elementInstanceKey));
        break;
      case 'cancel': {
        const root = doc.elems[doc.processInstanceKey];
        if (!root || doc.ended) throw new CommandRejected('INVALID_STATE', 'the process instance is not active');
        step.schedule(() => {
          b.terminate(root.key);
          doc.ended = 'TERMINATED';
        });
        break;
      }
    }
    step.drain();
  }

  /** A resolved incident: the operation that raised it runs again. */
  private retryPending(key: string): void {
    const { step, b } = this;
    const el = step.elem(key);
    const pending = el.pending;
    if (!pending) throw new CommandRejected('INVALID_STATE', `element instance ${key} has no incident to retry`);
    delete el.pending;
    if (pending.op === 'activate') {
      b.activateBehaviour(el);
      return;
    }
    if (pending.op === 'complete') {
      b.complete(el.key, pending.variables);
      return;
    }
    // the completion condition of a multi-instance body: re-count the inner instance and re-evaluate
    el.body!.active++;
    el.body!.completed--;
    b.innerCompleted(el);
  }
}
