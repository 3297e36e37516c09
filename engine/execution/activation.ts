/**
 * Activation: an element instance enters — input mappings, the triggers of its boundary events, then
 * what its kind does: a job, a user task, a wait for a message or timer, a called process, the start
 * of a sub-process, the triggers of an event-based gateway. A multi-instance activity first activates
 * its body, which activates the inner instances (all at once, or one after another).
 */
import type { Variables } from '../api.ts';
import { evalInt, evalList, evalOptionalString, evalString, evalStringList, evalValue } from '../expressions/feel.ts';
import { parseDateTime } from '../expressions/timer-spec.ts';
import type { FlowNode } from '../model/model.ts';
import type { Effect, ElementInstance } from './document.ts';
import { CommandRejected, type Behaviour, type Step } from './step.ts';

const TASK_KINDS = new Set([
  'serviceTask',
  'userTask',
  'receiveTask',
  'manualTask',
  'task',
  'callActivity',
  'subProcess',
]);

type Activation = Pick<Behaviour, 'start' | 'activate' | 'activateBehaviour' | 'activateInner' | 'activateNoBehaviour'>;

export function activation(step: Step, b: Behaviour): Activation {
  const { doc, model } = step;

  function start(startElementId: string | undefined, variables: Variables): void {
    const key = doc.processInstanceKey;
    const root: ElementInstance = { key, id: model.bpmnProcessId, scope: null };
    doc.elems[key] = root;
    doc.vars[key] = {};
    for (const [name, value] of Object.entries(variables)) step.setLocal(key, name, value);
    step.record(root, 'ACTIVATED');
    const processNode = step.node(model.bpmnProcessId);
    if (!b.openEventSubProcessTriggers(root, processNode)) return;
    const startId = startElementId ?? processNode.noneStartId;
    if (!startId) throw new CommandRejected('INVALID_STATE', `process ${model.bpmnProcessId} has no none start event`);
    activate(startId, key);
  }

  function activate(nodeId: string, scope: string, inner?: { index: number; item: unknown }): ElementInstance | null {
    const node = step.node(nodeId);
    const el: ElementInstance = { key: step.nextKey(), id: nodeId, scope };
    if (node.loop && !inner) el.body = { count: 0, next: 0, active: 0, completed: 0, items: [] };
    if (inner) el.inner = inner.index;
    doc.elems[el.key] = el;
    step.record(el, 'ACTIVATED');
    if (inner) {
      if (node.loop!.inputElement) step.setLocal(el.key, node.loop!.inputElement, inner.item);
      step.setLocal(el.key, 'loopCounter', inner.index + 1);
    }
    activateBehaviour(el);
    return el;
  }

  function activateBehaviour(el: ElementInstance): void {
    const node = step.node(el.id);
    if (el.body) {
      activateBody(el, node);
      return;
    }
    const ok = step.guard(el, 'activate', () => {
      if (node.kind !== 'eventSubProcess' && node.kind !== 'startEvent' && node.kind !== 'boundaryEvent') {
        const ctx = step.context(el.key);
        for (const m of node.inputs) {
          step.setLocal(el.key, m.target, evalValue(m.source, ctx), true);
          Object.assign(ctx, doc.vars[el.key]);
        }
      }
      if (TASK_KINDS.has(node.kind) && el.inner === undefined) b.openBoundaryTriggers(el, node);
      behave(el, node);
    });
    if (!ok) b.closeTriggers(el.key);
  }

  /** What an element of each kind does once it is active. */
  function behave(el: ElementInstance, node: FlowNode): void {
    const ctx = () => step.context(el.key);
    switch (node.kind) {
      case 'serviceTask':
        createJob(el, node, ctx());
        return;
      case 'intermediateThrowEvent':
      case 'endEvent':
        if (node.job) {
          createJob(el, node, ctx());
          return;
        }
        if (node.event.kind === 'error') {
          const origin = step.origin(el);
          step.schedule(() =>
            b.throwError(el.key, node.event.kind === 'error' ? (node.event.errorCode ?? '') : '', '', {}, origin),
          );
          return;
        }
        if (node.event.kind === 'terminate') {
          step.schedule(() => b.terminateEnd(el));
          return;
        }
        step.schedule(() => b.complete(el.key));
        return;
      case 'userTask':
        createUserTask(el, node, ctx());
        return;
      case 'receiveTask':
      case 'intermediateCatchEvent':
        b.openTrigger(el, node, el.key, 'catch', true);
        return;
      case 'callActivity': {
        const c = ctx();
        const processId = evalString(node.called!.processId, c, 'a process id');
        const variables = node.called!.propagateAllParentVariables ? c : { ...doc.vars[el.key] };
        const key = step.nextKey();
        step.effects.push({
          t: 'child.create',
          key,
          parentElementInstanceKey: el.key,
          bpmnProcessId: processId,
          variables,
        });
        el.child = key;
        return;
      }
      case 'subProcess':
        if (b.openEventSubProcessTriggers(el, node)) activate(node.noneStartId!, el.key);
        return;
      case 'eventSubProcess':
        activate(node.noneStartId!, el.key);
        return;
      case 'eventBasedGateway':
        for (const flowId of node.outgoing) {
          const target = step.node(model.flows.get(flowId)!.targetId);
          b.openTrigger(el, target, el.key, 'gateway', true);
        }
        return;
      default:
        step.schedule(() => b.complete(el.key));
    }
  }

  function createJob(el: ElementInstance, node: FlowNode, ctx: Variables): void {
    const spec = node.job!;
    const key = step.nextKey();
    const type = evalString(spec.type, ctx, 'a job type');
    const retries = evalInt(spec.retries, ctx);
    step.effects.push({
      t: 'job.create',
      key,
      type,
      retries,
      headers: spec.headers,
      elementInstanceKey: el.key,
      elementId: el.id,
    });
    el.job = key;
  }

  function createUserTask(el: ElementInstance, node: FlowNode, c: Variables): void {
    const spec = node.userTask!;
    const key = step.nextKey();
    const task: Effect = {
      t: 'task.create',
      key,
      elementInstanceKey: el.key,
      elementId: el.id,
      name: node.name,
      assignee: evalOptionalString(spec.assignee, c),
      candidateGroups: spec.candidateGroups ? evalStringList(spec.candidateGroups, c) : [],
      candidateUsers: spec.candidateUsers ? evalStringList(spec.candidateUsers, c) : [],
      dueDate: normaliseDate(evalOptionalString(spec.dueDate, c)),
      followUpDate: normaliseDate(evalOptionalString(spec.followUpDate, c)),
      formKey: spec.formKey,
      headers: node.job?.headers ?? {},
    };
    step.effects.push(task);
    el.task = key;
  }

  function activateBody(body: ElementInstance, node: FlowNode): void {
    const loop = node.loop!;
    const ok = step.guard(body, 'activate', () => {
      const items = evalList(loop.inputCollection, step.context(body.key));
      b.openBoundaryTriggers(body, node);
      body.body = { count: items.length, next: 0, active: 0, completed: 0, items };
      if (loop.outputCollection)
        step.setLocal(
          body.key,
          loop.outputCollection,
          items.map(() => null),
        );
    });
    if (!ok) return;
    const count = body.body!.count;
    if (count === 0) {
      step.schedule(() => b.complete(body.key));
      return;
    }
    const n = loop.sequential ? 1 : count;
    for (let i = 0; i < n; i++) activateInner(body);
  }

  function activateInner(body: ElementInstance): void {
    const bookkeeping = body.body!;
    const index = bookkeeping.next++;
    bookkeeping.active++;
    activate(body.id, body.key, { index, item: bookkeeping.items[index] ?? null });
  }

  function activateNoBehaviour(nodeId: string, scope: string): ElementInstance {
    const el: ElementInstance = { key: step.nextKey(), id: nodeId, scope };
    doc.elems[el.key] = el;
    step.record(el, 'ACTIVATED');
    return el;
  }

  return { start, activate, activateBehaviour, activateInner, activateNoBehaviour };
}

function normaliseDate(text: string | null): string | null {
  if (!text) return null;
  return parseDateTime(text).toISOString();
}
