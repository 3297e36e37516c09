/**
 * Flow: an element instance completes — its variables merge into the scope or stay local behind output
 * mappings, a multi-instance inner instance writes its output element, a gateway chooses its flows —
 * and its token leaves along its outgoing flows. A scope with nothing left active completes; the
 * root's completion ends the process instance (and tells a parent call activity).
 */
import type { Variables } from '../api.ts';
import { evalBoolean, evalValue } from '../expressions/feel.ts';
import type { FlowNode } from '../model/model.ts';
import type { ElementInstance } from './document.ts';
import type { Behaviour, Step } from './step.ts';

type Flow = Pick<Behaviour, 'complete' | 'innerCompleted' | 'checkScope' | 'childCompleted'>;

export function flow(step: Step, b: Behaviour): Flow {
  const { doc } = step;

  function complete(key: string, variables?: Variables): void {
    const el = doc.elems[key];
    if (!el) return;
    const node = step.node(el.id);
    const isRoot = el.scope === null;
    let flows = node.outgoing;
    const ok = step.guard(
      el,
      'complete',
      () => {
        if (variables && !isRoot) {
          const hasOutputs = node.outputs.length > 0 && !el.body;
          for (const [name, value] of Object.entries(variables)) {
            if (hasOutputs) step.setLocal(el.key, name, value);
            else step.propagate(el.key, name, value);
          }
        }
        if (!el.body && !isRoot && node.outputs.length) {
          const ctx = step.context(el.key);
          const values = node.outputs.map((m) => [m.target, evalValue(m.source, ctx)] as const);
          for (const [target, value] of values) step.propagate(el.scope!, target, value, true);
        }
        if (el.inner !== undefined && node.loop?.outputElement && node.loop.outputCollection) {
          const value = evalValue(node.loop.outputElement, step.context(el.key));
          const list = doc.vars[el.scope!]?.[node.loop.outputCollection];
          if (Array.isArray(list)) list[el.inner] = value;
        }
        if (el.body && node.loop?.outputCollection) {
          step.propagate(el.scope!, node.loop.outputCollection, doc.vars[el.key]?.[node.loop.outputCollection] ?? []);
        }
        if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway')
          flows = b.chooseFlows(node, step.context(el.scope!));
        if (node.kind === 'eventBasedGateway') flows = [];
      },
      variables,
    );
    if (!ok) return;
    delete el.job;
    delete el.task;
    delete el.child;
    delete el.pending;
    b.closeTriggers(el.key);
    step.record(el, 'COMPLETED');
    if (!isRoot) delete doc.vars[el.key];
    delete doc.elems[el.key];
    if (isRoot) {
      completeProcess();
      return;
    }
    if (el.inner !== undefined) {
      innerCompleted(doc.elems[el.scope!]!);
      return;
    }
    leave(el.scope!, node, flows);
  }

  /** An inner instance of a multi-instance body completed: the body completes, or activates the next one. */
  function innerCompleted(body: ElementInstance): void {
    const node = step.node(body.id);
    const bookkeeping = body.body!;
    bookkeeping.active--;
    bookkeeping.completed++;
    let done = bookkeeping.completed >= bookkeeping.count;
    if (!done && node.loop!.completionCondition) {
      const ok = step.guard(body, 'condition', () => {
        const ctx = {
          ...step.context(body.key),
          numberOfInstances: bookkeeping.count,
          numberOfActiveInstances: bookkeeping.active,
          numberOfCompletedInstances: bookkeeping.completed,
          numberOfTerminatedInstances: 0,
        };
        done = evalBoolean(node.loop!.completionCondition!, ctx);
      });
      if (!ok) return;
      if (done) for (const child of step.children(body.key)) b.terminate(child.key);
    }
    if (done) {
      step.schedule(() => complete(body.key));
      return;
    }
    if (node.loop!.sequential && bookkeeping.next < bookkeeping.count) b.activateInner(body);
  }

  function leave(scope: string, node: FlowNode, flows: string[]): void {
    for (const flowId of flows) b.takeFlow(flowId, scope);
    if (flows.length === 0 || node.kind === 'endEvent') step.schedule(() => checkScope(scope));
  }

  function checkScope(scope: string): void {
    const el = doc.elems[scope];
    if (!el || el.pending) return;
    // an inclusive join may be waiting for paths that can no longer arrive
    for (const joinKey of Object.keys(doc.joins)) {
      const [s, gatewayId] = joinKey.split('|') as [string, string];
      if (s === scope && step.node(gatewayId).kind === 'inclusiveGateway') b.tryJoin(step.node(gatewayId), scope);
    }
    if (step.children(scope).length > 0) return;
    if (Object.keys(doc.joins).some((k) => k.startsWith(`${scope}|`))) return;
    if (el.body) return;
    complete(scope);
  }

  function completeProcess(): void {
    doc.ended = 'COMPLETED';
    if (doc.parent) {
      step.effects.push({ t: 'parent.completed', ...doc.parent, variables: doc.vars[doc.processInstanceKey] ?? {} });
    }
  }

  /** The process a call activity called completed: its variables come back as the call's outputs. */
  function childCompleted(el: ElementInstance, childVariables: Variables): void {
    const node = step.node(el.id);
    if (node.outputs.length) {
      for (const [name, value] of Object.entries(childVariables)) step.setLocal(el.key, name, value);
      complete(el.key);
    } else if (node.called!.propagateAllChildVariables) {
      complete(el.key, childVariables);
    } else {
      complete(el.key);
    }
  }

  return { complete, innerCompleted, checkScope, childCompleted };
}
