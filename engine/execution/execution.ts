/**
 * One step of one process instance: applies a command to its execution document with Zeebe's
 * semantics and collects the effects (jobs, user tasks, timers, subscriptions, incidents, child
 * instances) and history it implies. Synchronous and free of I/O: the engine loads the
 * document, runs a step, and commits the document with the effects in one transaction.
 */
import type { Variables } from '../api.ts';
import type { Command, Effect, ElementInstance, ErrorOrigin, HistoryEntry, InstanceDocument, TriggerPurpose } from './document.ts';
import { evalBoolean, evalCorrelationKey, evalInt, evalList, evalOptionalString, evalString, evalStringList, evalValue, FeelError } from '../expressions/feel.ts';
import type { FlowNode, ProcessModel } from '../model/model.ts';
import { addDuration, parseCycle, parseDateTime, parseDuration, TimerSpecError } from '../expressions/timer-spec.ts';

/** No outgoing flow of a gateway could be taken. */
class ConditionError extends FeelError {
  constructor(expression: string, message: string) {
    super(expression, message);
  }
}

export class CommandRejected extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT', message: string) {
    super(message);
    this.name = 'CommandRejected';
  }
}

const TASK_KINDS = new Set(['serviceTask', 'userTask', 'receiveTask', 'manualTask', 'task', 'callActivity', 'subProcess']);

export class Execution {
  readonly effects: Effect[] = [];
  readonly history: HistoryEntry[] = [];
  /** Follow-ups queued while a step runs, processed in order (keeps recursion shallow). */
  private readonly agenda: (() => void)[] = [];

  constructor(
    readonly model: ProcessModel,
    readonly doc: InstanceDocument,
    private readonly now: Date,
    private readonly nextKey: () => string,
  ) {}

  run(command: Command): void {
    switch (command.c) {
      case 'start': this.start(command.startElementId, command.variables); break;
      case 'job.complete': {
        const el = this.waiting(command.elementInstanceKey, 'job');
        this.schedule(() => this.complete(el.key, command.variables));
        break;
      }
      case 'task.complete': {
        const el = this.waiting(command.elementInstanceKey, 'task');
        this.schedule(() => this.complete(el.key, command.variables));
        break;
      }
      case 'job.error': {
        const el = this.waiting(command.elementInstanceKey, 'job');
        const origin = { processInstanceKey: this.doc.processInstanceKey, elementInstanceKey: el.key, elementId: el.id };
        this.schedule(() => this.throwError(el.key, command.errorCode, command.errorMessage, command.variables, origin));
        break;
      }
      case 'trigger': this.schedule(() => this.trigger(command.triggerKey, command.variables, command.timer)); break;
      case 'child.completed': {
        const el = this.waiting(command.elementInstanceKey, 'child');
        delete el.child;
        this.schedule(() => this.childCompleted(el, command.variables));
        break;
      }
      case 'child.error': {
        const el = this.elem(command.elementInstanceKey);
        this.schedule(() => this.throwError(el.key, command.errorCode, command.errorMessage, command.variables, command.origin));
        break;
      }
      case 'error.unhandled': this.unhandledError(this.elem(command.elementInstanceKey), command.errorCode, command.errorMessage); break;
      case 'incident.resolve': this.schedule(() => this.retryPending(command.elementInstanceKey)); break;
      case 'cancel': {
        const root = this.doc.elems[this.doc.processInstanceKey];
        if (!root || this.doc.ended) throw new CommandRejected('INVALID_STATE', 'the process instance is not active');
        this.schedule(() => { this.terminate(root.key); this.doc.ended = 'TERMINATED'; });
        break;
      }
    }
    while (this.agenda.length) this.agenda.shift()!();
  }

  // ---------------------------------------------------------------- variables

  private scopeChain(key: string): string[] {
    const chain: string[] = [];
    for (let k: string | null = key; k; k = this.doc.elems[k]?.scope ?? null) chain.push(k);
    return chain;
  }

  /** Variables visible from an element instance, inner scopes shadowing outer ones. */
  context(key: string): Variables {
    const out: Variables = {};
    for (const scope of this.scopeChain(key).reverse()) Object.assign(out, this.doc.vars[scope]);
    return out;
  }

  /** `path`: the name is a mapping target, where "a.b" sets property b of variable a. */
  private setLocal(scope: string, name: string, value: unknown, path = false): void {
    const vars = (this.doc.vars[scope] ??= {});
    if (path) setPath(vars, name, value); else vars[name] = value;
  }

  /** Zeebe propagation: update the nearest scope holding the variable, else create it at the root. */
  private propagate(from: string, name: string, value: unknown, path = false): void {
    const head = path ? name.split('.')[0]! : name;
    for (const scope of this.scopeChain(from)) {
      if (this.doc.vars[scope] && head in this.doc.vars[scope]!) { this.setLocal(scope, name, value, path); return; }
    }
    this.setLocal(this.doc.processInstanceKey, name, value, path);
  }

  // ---------------------------------------------------------------- lifecycle

  private schedule(fn: () => void): void { this.agenda.push(fn); }

  private node(id: string): FlowNode {
    const node = this.model.nodes.get(id);
    if (!node) throw new Error(`element ${id} is not in process ${this.model.bpmnProcessId}`);
    return node;
  }

  private elem(key: string): ElementInstance {
    const el = this.doc.elems[key];
    if (!el) throw new CommandRejected('NOT_FOUND', `element instance ${key} is not active`);
    return el;
  }

  private waiting(key: string, what: 'job' | 'task' | 'child'): ElementInstance {
    const el = this.elem(key);
    if (!el[what] || el.pending) throw new CommandRejected('INVALID_STATE', `element instance ${key} is not waiting for a ${what}`);
    return el;
  }

  private record(el: ElementInstance, event: HistoryEntry['event']): void {
    const node = this.node(el.id);
    const elementType = el.body ? 'MULTI_INSTANCE_BODY' : node.typeName;
    this.history.push({ elementInstanceKey: el.key, elementId: el.id, elementType, event });
  }

  private start(startElementId: string | undefined, variables: Variables): void {
    const key = this.doc.processInstanceKey;
    const root: ElementInstance = { key, id: this.model.bpmnProcessId, scope: null };
    this.doc.elems[key] = root;
    this.doc.vars[key] = {};
    for (const [name, value] of Object.entries(variables)) this.setLocal(key, name, value);
    this.record(root, 'ACTIVATED');
    const processNode = this.node(this.model.bpmnProcessId);
    if (!this.openEventSubProcessTriggers(root, processNode)) return;
    const startId = startElementId ?? processNode.noneStartId;
    if (!startId) throw new CommandRejected('INVALID_STATE', `process ${this.model.bpmnProcessId} has no none start event`);
    this.activate(startId, key);
  }

  /** Activates a flow node in a scope (a multi-instance activity first activates its body). */
  activate(nodeId: string, scope: string, inner?: { index: number; item: unknown }): ElementInstance | null {
    const node = this.node(nodeId);
    const el: ElementInstance = { key: this.nextKey(), id: nodeId, scope };
    if (node.loop && !inner) el.body = { count: 0, next: 0, active: 0, completed: 0, items: [] };
    if (inner) el.inner = inner.index;
    this.doc.elems[el.key] = el;
    this.record(el, 'ACTIVATED');
    if (inner) {
      if (node.loop!.inputElement) this.setLocal(el.key, node.loop!.inputElement, inner.item);
      this.setLocal(el.key, 'loopCounter', inner.index + 1);
    }
    this.activateBehaviour(el);
    return el;
  }

  private guard(el: ElementInstance, op: 'activate' | 'complete' | 'condition', fn: () => void, variables?: Variables): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (!(err instanceof FeelError) && !(err instanceof TimerSpecError)) throw err;
      const errorType = err instanceof ConditionError || op === 'condition' ? 'CONDITION_ERROR' : 'EXTRACT_VALUE_ERROR';
      const key = this.incident(el, errorType, err.message, null);
      el.pending = { op, incident: key, ...(variables ? { variables } : {}) };
      return false;
    }
  }

  private incident(el: ElementInstance, errorType: string, errorMessage: string, jobKey: string | null): string {
    const key = this.nextKey();
    this.effects.push({ t: 'incident.create', key, elementInstanceKey: el.key, elementId: el.id, errorType, errorMessage, jobKey });
    this.record(el, 'INCIDENT');
    return key;
  }

  private activateBehaviour(el: ElementInstance): void {
    const node = this.node(el.id);
    if (el.body) { this.activateBody(el, node); return; }
    const ok = this.guard(el, 'activate', () => {
      if (node.kind !== 'eventSubProcess' && node.kind !== 'startEvent' && node.kind !== 'boundaryEvent') {
        const ctx = this.context(el.key);
        for (const m of node.inputs) { this.setLocal(el.key, m.target, evalValue(m.source, ctx), true); Object.assign(ctx, this.doc.vars[el.key]); }
      }
      if (TASK_KINDS.has(node.kind) && el.inner === undefined) this.openBoundaryTriggers(el, node);
      this.behave(el, node);
    });
    if (!ok) this.closeTriggers(el.key);
  }

  private behave(el: ElementInstance, node: FlowNode): void {
    const ctx = () => this.context(el.key);
    switch (node.kind) {
      case 'serviceTask': this.createJob(el, node, ctx()); return;
      case 'intermediateThrowEvent':
      case 'endEvent':
        if (node.job) { this.createJob(el, node, ctx()); return; }
        if (node.event.kind === 'error') {
          const origin = { processInstanceKey: this.doc.processInstanceKey, elementInstanceKey: el.key, elementId: el.id };
          this.schedule(() => this.throwError(el.key, node.event.kind === 'error' ? node.event.errorCode ?? '' : '', '', {}, origin));
          return;
        }
        if (node.event.kind === 'terminate') { this.schedule(() => this.terminateEnd(el)); return; }
        this.schedule(() => this.complete(el.key));
        return;
      case 'userTask': {
        const spec = node.userTask!;
        const c = ctx();
        const key = this.nextKey();
        const task: Effect = {
          t: 'task.create', key, elementInstanceKey: el.key, elementId: el.id, name: node.name,
          assignee: evalOptionalString(spec.assignee, c),
          candidateGroups: spec.candidateGroups ? evalStringList(spec.candidateGroups, c) : [],
          candidateUsers: spec.candidateUsers ? evalStringList(spec.candidateUsers, c) : [],
          dueDate: normaliseDate(evalOptionalString(spec.dueDate, c)),
          followUpDate: normaliseDate(evalOptionalString(spec.followUpDate, c)),
          formKey: spec.formKey, headers: node.job?.headers ?? {},
        };
        this.effects.push(task);
        el.task = key;
        return;
      }
      case 'receiveTask':
      case 'intermediateCatchEvent':
        this.openTrigger(el, node, el.key, 'catch', true);
        return;
      case 'callActivity': {
        const c = ctx();
        const processId = evalString(node.called!.processId, c, 'a process id');
        const variables = node.called!.propagateAllParentVariables ? c : { ...this.doc.vars[el.key] };
        const key = this.nextKey();
        this.effects.push({ t: 'child.create', key, parentElementInstanceKey: el.key, bpmnProcessId: processId, variables });
        el.child = key;
        return;
      }
      case 'subProcess':
        if (this.openEventSubProcessTriggers(el, node)) this.activate(node.noneStartId!, el.key);
        return;
      case 'eventSubProcess':
        this.activate(node.noneStartId!, el.key);
        return;
      case 'eventBasedGateway':
        for (const flowId of node.outgoing) {
          const target = this.node(this.model.flows.get(flowId)!.targetId);
          this.openTrigger(el, target, el.key, 'gateway', true);
        }
        return;
      default:
        this.schedule(() => this.complete(el.key));
    }
  }

  private createJob(el: ElementInstance, node: FlowNode, ctx: Variables): void {
    const spec = node.job!;
    const key = this.nextKey();
    const type = evalString(spec.type, ctx, 'a job type');
    const retries = evalInt(spec.retries, ctx);
    this.effects.push({ t: 'job.create', key, type, retries, headers: spec.headers, elementInstanceKey: el.key, elementId: el.id });
    el.job = key;
  }

  private activateBody(body: ElementInstance, node: FlowNode): void {
    const loop = node.loop!;
    const ok = this.guard(body, 'activate', () => {
      const items = evalList(loop.inputCollection, this.context(body.key));
      this.openBoundaryTriggers(body, node);
      body.body = { count: items.length, next: 0, active: 0, completed: 0, items };
      if (loop.outputCollection) this.setLocal(body.key, loop.outputCollection, items.map(() => null));
    });
    if (!ok) return;
    const b = body.body!;
    if (b.count === 0) { this.schedule(() => this.complete(body.key)); return; }
    const n = loop.sequential ? 1 : b.count;
    for (let i = 0; i < n; i++) this.activateInner(body);
  }

  private activateInner(body: ElementInstance): void {
    const b = body.body!;
    const index = b.next++;
    b.active++;
    this.activate(body.id, body.key, { index, item: b.items[index] ?? null });
  }

  /** Completes an element instance: variables, output mappings, then leaves it. */
  complete(key: string, variables?: Variables): void {
    const el = this.doc.elems[key];
    if (!el) return;
    const node = this.node(el.id);
    const isRoot = el.scope === null;
    let flows = node.outgoing;
    const ok = this.guard(el, 'complete', () => {
      if (variables && !isRoot) {
        const hasOutputs = node.outputs.length > 0 && !el.body;
        for (const [name, value] of Object.entries(variables)) {
          if (hasOutputs) this.setLocal(el.key, name, value); else this.propagate(el.key, name, value);
        }
      }
      if (!el.body && !isRoot && node.outputs.length) {
        const ctx = this.context(el.key);
        const values = node.outputs.map((m) => [m.target, evalValue(m.source, ctx)] as const);
        for (const [target, value] of values) this.propagate(el.scope!, target, value, true);
      }
      if (el.inner !== undefined && node.loop?.outputElement && node.loop.outputCollection) {
        const value = evalValue(node.loop.outputElement, this.context(el.key));
        const list = this.doc.vars[el.scope!]?.[node.loop.outputCollection];
        if (Array.isArray(list)) list[el.inner] = value;
      }
      if (el.body && node.loop?.outputCollection) {
        this.propagate(el.scope!, node.loop.outputCollection, this.doc.vars[el.key]?.[node.loop.outputCollection] ?? []);
      }
      if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') flows = this.chooseFlows(node, this.context(el.scope!));
      if (node.kind === 'eventBasedGateway') flows = [];
    }, variables);
    if (!ok) return;
    delete el.job; delete el.task; delete el.child; delete el.pending;
    this.closeTriggers(el.key);
    this.record(el, 'COMPLETED');
    if (!isRoot) delete this.doc.vars[el.key];
    delete this.doc.elems[el.key];
    if (isRoot) { this.completeProcess(); return; }
    if (el.inner !== undefined) { this.innerCompleted(this.doc.elems[el.scope!]!); return; }
    this.leave(el.scope!, node, flows);
  }

  private innerCompleted(body: ElementInstance): void {
    const node = this.node(body.id);
    const b = body.body!;
    b.active--; b.completed++;
    let done = b.completed >= b.count;
    if (!done && node.loop!.completionCondition) {
      const ok = this.guard(body, 'condition', () => {
        const ctx = { ...this.context(body.key), numberOfInstances: b.count, numberOfActiveInstances: b.active, numberOfCompletedInstances: b.completed, numberOfTerminatedInstances: 0 };
        done = evalBoolean(node.loop!.completionCondition!, ctx);
      });
      if (!ok) return;
      if (done) for (const child of this.children(body.key)) this.terminate(child.key);
    }
    if (done) { this.schedule(() => this.complete(body.key)); return; }
    if (node.loop!.sequential && b.next < b.count) this.activateInner(body);
  }

  private leave(scope: string, node: FlowNode, flows: string[]): void {
    for (const flowId of flows) this.takeFlow(flowId, scope);
    if (flows.length === 0 || node.kind === 'endEvent') this.schedule(() => this.checkScope(scope));
  }

  private chooseFlows(node: FlowNode, ctx: Variables): string[] {
    const chosen: string[] = [];
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = this.model.flows.get(flowId)!;
      let taken = !flow.condition;
      if (flow.condition) {
        try { taken = evalBoolean(flow.condition, ctx); } catch (err) {
          throw err instanceof FeelError ? new ConditionError(flow.condition, `${flow.id}: ${err.message}`) : err;
        }
      }
      if (taken) {
        chosen.push(flowId);
        if (node.kind === 'exclusiveGateway') break;
      }
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (chosen.length === 0) throw new ConditionError('(conditions)', `no outgoing sequence flow of ${node.id} had a true condition and there is no default flow`);
    return chosen;
  }

  private takeFlow(flowId: string, scope: string): void {
    const flow = this.model.flows.get(flowId)!;
    const target = this.node(flow.targetId);
    if ((target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') && target.incoming.length > 1) {
      const joinKey = `${scope}|${target.id}`;
      const tokens = (this.doc.joins[joinKey] ??= {});
      tokens[flowId] = (tokens[flowId] ?? 0) + 1;
      this.schedule(() => this.tryJoin(target, scope));
      return;
    }
    this.schedule(() => this.activate(target.id, scope));
  }

  private tryJoin(gateway: FlowNode, scope: string): void {
    const joinKey = `${scope}|${gateway.id}`;
    const tokens = this.doc.joins[joinKey];
    if (!tokens) return;
    let fire: boolean;
    if (gateway.kind === 'parallelGateway') {
      fire = gateway.incoming.every((f) => (tokens[f] ?? 0) > 0);
    } else {
      const reach = this.model.reachesGateway.get(gateway.id)!;
      const pendingElsewhere = Object.values(this.doc.elems).some((e) => e.scope === scope && reach.has(e.id) && e.id !== gateway.id)
        || Object.entries(this.doc.joins).some(([k, t]) => k !== joinKey && k.startsWith(`${scope}|`) && reach.has(k.split('|')[1]!) && Object.values(t).some((n) => n > 0));
      fire = Object.values(tokens).some((n) => n > 0) && !pendingElsewhere;
    }
    if (!fire) return;
    for (const f of Object.keys(tokens)) {
      if (gateway.kind === 'parallelGateway' || tokens[f]! > 0) tokens[f]! -= 1;
      if (tokens[f]! <= 0) delete tokens[f];
    }
    if (Object.keys(tokens).length === 0) delete this.doc.joins[joinKey];
    this.activate(gateway.id, scope);
  }

  private children(scope: string): ElementInstance[] {
    return Object.values(this.doc.elems).filter((e) => e.scope === scope);
  }

  /** A scope with nothing left active (and no tokens waiting at a join) completes. */
  private checkScope(scope: string): void {
    const el = this.doc.elems[scope];
    if (!el || el.pending) return;
    // an inclusive join may be waiting for paths that can no longer arrive
    for (const joinKey of Object.keys(this.doc.joins)) {
      const [s, gatewayId] = joinKey.split('|') as [string, string];
      if (s === scope && this.node(gatewayId).kind === 'inclusiveGateway') this.tryJoin(this.node(gatewayId), scope);
    }
    if (this.children(scope).length > 0) return;
    if (Object.keys(this.doc.joins).some((k) => k.startsWith(`${scope}|`))) return;
    if (el.body) return;
    this.complete(scope);
  }

  private terminateEnd(endEl: ElementInstance): void {
    const scope = endEl.scope!;
    for (const child of this.children(scope)) if (child.key !== endEl.key) this.terminate(child.key);
    for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${scope}|`)) delete this.doc.joins[k];
    this.record(endEl, 'COMPLETED');
    delete this.doc.vars[endEl.key];
    delete this.doc.elems[endEl.key];
    this.checkScope(scope);
  }

  private completeProcess(): void {
    this.doc.ended = 'COMPLETED';
    if (this.doc.parent) {
      this.effects.push({ t: 'parent.completed', ...this.doc.parent, variables: this.doc.vars[this.doc.processInstanceKey] ?? {} });
    }
  }

  private childCompleted(el: ElementInstance, childVariables: Variables): void {
    const node = this.node(el.id);
    if (node.outputs.length) {
      for (const [name, value] of Object.entries(childVariables)) this.setLocal(el.key, name, value);
      this.complete(el.key);
    } else if (node.called!.propagateAllChildVariables) {
      this.complete(el.key, childVariables);
    } else {
      this.complete(el.key);
    }
  }

  // ---------------------------------------------------------------- termination

  terminate(key: string): void {
    const el = this.doc.elems[key];
    if (!el) return;
    for (const child of this.children(key)) this.terminate(child.key);
    if (el.job) this.effects.push({ t: 'job.cancel', key: el.job });
    if (el.task) this.effects.push({ t: 'task.cancel', key: el.task });
    if (el.child) this.effects.push({ t: 'child.cancel', processInstanceKey: el.child });
    if (el.pending) this.effects.push({ t: 'incident.resolve', key: el.pending.incident });
    this.closeTriggers(key);
    for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${key}|`)) delete this.doc.joins[k];
    this.record(el, 'TERMINATED');
    delete this.doc.vars[key];
    delete this.doc.elems[key];
  }

  // ---------------------------------------------------------------- triggers

  private openBoundaryTriggers(el: ElementInstance, node: FlowNode): void {
    for (const id of node.boundaryIds) {
      const boundary = this.node(id);
      if (boundary.event.kind === 'timer' || boundary.event.kind === 'message') this.openTrigger(el, boundary, el.key, 'boundary', boundary.interrupting);
    }
  }

  /** Opens the message/timer start triggers of a scope's event sub-processes. */
  private openEventSubProcessTriggers(el: ElementInstance, node: FlowNode): boolean {
    return this.guard(el, 'activate', () => {
      for (const id of node.eventSubProcessIds) {
        const esp = this.node(id);
        if (esp.event.kind === 'timer' || esp.event.kind === 'message') this.openTrigger(el, esp, el.key, 'eventSub', esp.interrupting);
      }
    });
  }

  private openTrigger(owner: ElementInstance, catcher: FlowNode, ctxKey: string, purpose: TriggerPurpose, interrupting: boolean): void {
    const key = this.nextKey();
    const ctx = this.context(ctxKey);
    if (catcher.event.kind === 'timer') {
      const { dueAt, repetitions, interval } = timerDue(catcher.event, ctx, this.now);
      this.effects.push({ t: 'timer.create', key, elementInstanceKey: owner.key, elementId: catcher.id, dueAt, repetitions, interval });
    } else if (catcher.event.kind === 'message') {
      const correlationKey = evalCorrelationKey(catcher.event.correlationKey ?? '', ctx);
      this.effects.push({ t: 'sub.open', key, elementInstanceKey: owner.key, elementId: catcher.id, messageName: catcher.event.messageName, correlationKey, interrupting });
    } else {
      return;
    }
    this.doc.triggers[key] = { kind: catcher.event.kind, purpose, owner: owner.key, elementId: catcher.id, interrupting };
  }

  private closeTriggers(owner: string, purpose?: TriggerPurpose, except?: string): void {
    for (const [key, trig] of Object.entries(this.doc.triggers)) {
      if (trig.owner !== owner || key === except || (purpose && trig.purpose !== purpose)) continue;
      this.effects.push(trig.kind === 'timer' ? { t: 'timer.cancel', key } : { t: 'sub.close', key });
      delete this.doc.triggers[key];
    }
  }

  private trigger(triggerKey: string, variables: Variables, timer?: { repetitions: number; interval: string | null; dueAt: Date }): void {
    const trig = this.doc.triggers[triggerKey];
    if (!trig) throw new CommandRejected('NOT_FOUND', `trigger ${triggerKey} is not open`);
    const owner = this.elem(trig.owner);
    const catcher = this.node(trig.elementId);
    const repeat = trig.kind === 'timer' && timer && !trig.interrupting && (timer.repetitions === -1 || timer.repetitions > 1) && timer.interval;
    // message subscriptions of non-interrupting triggers stay open; everything else is consumed
    if (trig.kind === 'timer' || trig.interrupting || trig.purpose === 'catch' || trig.purpose === 'gateway') {
      delete this.doc.triggers[triggerKey];
      // a consumed message subscription goes from the store too: left behind, a later message with the same
      // name and key would be routed to this closed trigger and refused instead of being buffered
      if (trig.kind !== 'timer') this.effects.push({ t: 'sub.close', key: triggerKey });
    }
    if (repeat) {
      const key = this.nextKey();
      const dueAt = addDuration(timer.dueAt, parseDuration(timer.interval!));
      this.effects.push({ t: 'timer.create', key, elementInstanceKey: owner.key, elementId: catcher.id, dueAt, repetitions: timer.repetitions === -1 ? -1 : timer.repetitions - 1, interval: timer.interval });
      this.doc.triggers[key] = { ...trig };
    }
    switch (trig.purpose) {
      case 'catch':
        this.complete(owner.key, variables);
        return;
      case 'gateway': {
        this.closeTriggers(owner.key);
        this.record(owner, 'COMPLETED');
        delete this.doc.elems[owner.key];
        const el = this.activateNoBehaviour(catcher.id, owner.scope!);
        this.complete(el.key, variables);
        return;
      }
      case 'boundary': {
        const scope = owner.scope!;
        if (trig.interrupting) this.terminate(owner.key);
        const el = this.activateNoBehaviour(catcher.id, scope);
        this.complete(el.key, variables);
        return;
      }
      case 'eventSub': {
        if (trig.interrupting) {
          for (const child of this.children(owner.key)) this.terminate(child.key);
          for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${owner.key}|`)) delete this.doc.joins[k];
          this.closeTriggers(owner.key, 'eventSub');
        }
        const esp = this.activateNoBehaviour(catcher.id, owner.key);
        for (const [name, value] of Object.entries(variables)) this.propagate(esp.key, name, value);
        const start = this.activateNoBehaviour(catcher.noneStartId!, esp.key);
        this.complete(start.key);
        return;
      }
    }
  }

  private activateNoBehaviour(nodeId: string, scope: string): ElementInstance {
    const el: ElementInstance = { key: this.nextKey(), id: nodeId, scope };
    this.doc.elems[el.key] = el;
    this.record(el, 'ACTIVATED');
    return el;
  }

  // ---------------------------------------------------------------- errors

  private throwError(fromKey: string, errorCode: string, errorMessage: string, variables: Variables, origin: ErrorOrigin): void {
    const found = this.findCatch(fromKey, errorCode);
    if (found?.kind === 'boundary') {
      const host = this.doc.elems[found.hostKey]!;
      const scope = host.scope!;
      this.terminate(host.key);
      const el = this.activateNoBehaviour(found.catcherId, scope);
      this.complete(el.key, variables);
      return;
    }
    if (found?.kind === 'eventSub') {
      const scope = this.doc.elems[found.scopeKey]!;
      for (const child of this.children(scope.key)) this.terminate(child.key);
      for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${scope.key}|`)) delete this.doc.joins[k];
      this.closeTriggers(scope.key, 'eventSub');
      const esp = this.activateNoBehaviour(found.catcherId, scope.key);
      for (const [name, value] of Object.entries(variables)) this.propagate(esp.key, name, value);
      const start = this.activateNoBehaviour(this.node(found.catcherId).noneStartId!, esp.key);
      this.complete(start.key);
      return;
    }
    if (this.doc.parent) {
      this.effects.push({ t: 'parent.error', ...this.doc.parent, errorCode, errorMessage, variables, origin });
      return;
    }
    if (origin.processInstanceKey === this.doc.processInstanceKey) {
      const el = this.doc.elems[origin.elementInstanceKey];
      if (el) this.unhandledError(el, errorCode, errorMessage);
      return;
    }
    this.effects.push({ t: 'origin.unhandled', origin, errorCode, errorMessage });
  }

  /** Uncaught: an incident. A job's incident re-opens the job when resolved; an error end event re-throws. */
  private unhandledError(el: ElementInstance, errorCode: string, errorMessage: string): void {
    const key = this.incident(el, 'UNHANDLED_ERROR_EVENT', `An error was thrown with the code '${errorCode}' but not caught. ${errorMessage}`.trim(), el.job ?? null);
    if (!el.job) el.pending = { op: 'activate', incident: key };
  }

  private findCatch(fromKey: string, errorCode: string): { kind: 'boundary'; hostKey: string; catcherId: string } | { kind: 'eventSub'; scopeKey: string; catcherId: string } | null {
    const matches = (code: string | null) => code === errorCode;
    const catchAll = (code: string | null) => code === null;
    for (let k: string | null = fromKey; k; k = this.doc.elems[k]?.scope ?? null) {
      const el = this.doc.elems[k]!;
      const node = this.node(el.id);
      if (el.inner === undefined) {
        const boundaries = node.boundaryIds.map((id) => this.node(id)).filter((b) => b.event.kind === 'error');
        const b = boundaries.find((x) => x.event.kind === 'error' && matches(x.event.errorCode)) ?? boundaries.find((x) => x.event.kind === 'error' && catchAll(x.event.errorCode));
        if (b) return { kind: 'boundary', hostKey: k, catcherId: b.id };
      }
      if (node.kind === 'process' || node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
        const esps = node.eventSubProcessIds.map((id) => this.node(id)).filter((e) => e.event.kind === 'error');
        const e = esps.find((x) => x.event.kind === 'error' && matches(x.event.errorCode)) ?? esps.find((x) => x.event.kind === 'error' && catchAll(x.event.errorCode));
        if (e) return { kind: 'eventSub', scopeKey: k, catcherId: e.id };
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- incidents

  private retryPending(key: string): void {
    const el = this.elem(key);
    const pending = el.pending;
    if (!pending) throw new CommandRejected('INVALID_STATE', `element instance ${key} has no incident to retry`);
    delete el.pending;
    if (pending.op === 'activate') { this.activateBehaviour(el); return; }
    if (pending.op === 'complete') { this.complete(el.key, pending.variables); return; }
    // the completion condition of a multi-instance body: re-count the inner instance and re-evaluate
    el.body!.active++; el.body!.completed--;
    this.innerCompleted(el);
  }
}

function setPath(vars: Variables, name: string, value: unknown): void {
  const parts = name.split('.');
  let target = vars as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1]!] = value;
}

function normaliseDate(text: string | null): string | null {
  if (!text) return null;
  return parseDateTime(text).toISOString();
}

export function timerDue(event: { timeDate?: string; timeDuration?: string; timeCycle?: string }, ctx: Variables, now: Date): { dueAt: Date; repetitions: number; interval: string | null } {
  if (event.timeDate) return { dueAt: parseDateTime(evalString(event.timeDate, ctx, 'a date-time')), repetitions: 1, interval: null };
  if (event.timeDuration) return { dueAt: addDuration(now, parseDuration(evalString(event.timeDuration, ctx, 'a duration'))), repetitions: 1, interval: null };
  const cycle = parseCycle(evalString(event.timeCycle!, ctx, 'a cycle'), now);
  return { dueAt: cycle.first, repetitions: cycle.repetitions, interval: cycle.interval };
}
