/**
 * Termination: an element instance and everything inside it end without completing — their jobs,
 * user tasks, called processes and triggers canceled, their incidents resolved. A terminate end event
 * ends its whole scope this way and then completes itself.
 */
import type { ElementInstance } from './document.ts';
import type { Behaviour, Step } from './step.ts';

type Termination = Pick<Behaviour, 'terminate' | 'terminateEnd'>;

export function termination(step: Step, b: Behaviour): Termination {
  const { doc } = step;

  function terminate(key: string): void {
    const el = doc.elems[key];
    if (!el) return;
    for (const child of step.children(key)) terminate(child.key);
    if (el.job) step.effects.push({ t: 'job.cancel', key: el.job });
    if (el.task) step.effects.push({ t: 'task.cancel', key: el.task });
    if (el.child) step.effects.push({ t: 'child.cancel', processInstanceKey: el.child });
    if (el.pending) step.effects.push({ t: 'incident.resolve', key: el.pending.incident });
    b.closeTriggers(key);
    step.dropJoins(key);
    step.record(el, 'TERMINATED');
    delete doc.vars[key];
    delete doc.elems[key];
  }

  function terminateEnd(endEl: ElementInstance): void {
    const scope = endEl.scope!;
    for (const child of step.children(scope)) if (child.key !== endEl.key) terminate(child.key);
    step.dropJoins(scope);
    step.record(endEl, 'COMPLETED');
    delete doc.vars[endEl.key];
    delete doc.elems[endEl.key];
    b.checkScope(scope);
  }

  return { terminate, terminateEnd };
}
