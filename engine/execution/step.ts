/**
 * The core of one step of one process instance: the execution document it changes, the effects and
 * history it collects, the agenda of follow-ups, and what every part of a step shares — variables and
 * their scopes, lookups, history, incidents. The parts (activation, flow, gateways, triggers, error
 * propagation, termination) are wired together by execution.ts and reach each other through
 * `Behaviour`, so none of them imports another.
 */
import type { Variables } from '../api.ts';
import { FeelError } from '../expressions/feel.ts';
import { TimerSpecError } from '../expressions/timer-spec.ts';
import type { FlowNode, ProcessModel } from '../model/model.ts';
import type {
  Effect,
  ElementInstance,
  ErrorOrigin,
  HistoryEntry,
  InstanceDocument,
  TriggerPurpose,
} from './document.ts';

/** No outgoing flow of a gateway could be taken. */
export class ConditionError extends FeelError {
  constructor(expression: string, message: string) {
    super(expression, message);
  }
}

export class CommandRejected extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'CommandRejected';
  }
}

export interface TimerOccurrence {
  repetitions: number;
  interval: string | null;
  dueAt: Date;
}

/** What the parts of a step ask of each other (each part provides some of it; execution.ts wires them). */
export interface Behaviour {
  // activation.ts
  start(startElementId: string | undefined, variables: Variables): void;
  /** Activates a flow node in a scope (a multi-instance activity first activates its body). */
  activate(nodeId: string, scope: string, inner?: { index: number; item: unknown }): ElementInstance | null;
  activateBehaviour(el: ElementInstance): void;
  activateInner(body: ElementInstance): void;
  /** An element instance that is entered by an event and left at once (catch events, event sub-process starts). */
  activateNoBehaviour(nodeId: string, scope: string): ElementInstance;
  // flow.ts
  /** Completes an element instance: variables, output mappings, then leaves it. */
  complete(key: string, variables?: Variables): void;
  innerCompleted(body: ElementInstance): void;
  /** A scope with nothing left active (and no tokens waiting at a join) completes. */
  checkScope(scope: string): void;
  childCompleted(el: ElementInstance, childVariables: Variables): void;
  // gateways.ts
  chooseFlows(node: FlowNode, ctx: Variables): string[];
  takeFlow(flowId: string, scope: string): void;
  tryJoin(gateway: FlowNode, scope: string): void;
  // termination.ts
  terminate(key: string): void;
  terminateEnd(endEl: ElementInstance): void;
  // triggers.ts
  openBoundaryTriggers(el: ElementInstance, node: FlowNode): void;
  /** Opens the message/timer start triggers of a scope's event sub-processes. */
  openEventSubProcessTriggers(el: ElementInstance, node: FlowNode): boolean;
  openTrigger(
    owner: ElementInstance,
    catcher: FlowNode,
    ctxKey: string,
    purpose: TriggerPurpose,
    interrupting: boolean,
  ): void;
  closeTriggers(owner: string, purpose?: TriggerPurpose, except?: string): void;
  trigger(triggerKey: string, variables: Variables, timer?: TimerOccurrence): void;
  /** A boundary event takes its host's token (terminating the host when interrupting). */
  takeBoundaryEvent(host: ElementInstance, boundaryId: string, variables: Variables, interrupting: boolean): void;
  /** An event sub-process starts in its scope (terminating what is active there when interrupting). */
  startEventSubProcess(scopeKey: string, espId: string, variables: Variables, interrupting: boolean): void;
  // error-propagation.ts
  throwError(fromKey: string, errorCode: string, errorMessage: string, variables: Variables, origin: ErrorOrigin): void;
  /** Uncaught: an incident. A job's incident re-opens the job when resolved; an error end event re-throws. */
  unhandledError(el: ElementInstance, errorCode: string, errorMessage: string): void;
}

export class Step {
  readonly effects: Effect[] = [];
  readonly history: HistoryEntry[] = [];
  /** Follow-ups queued while a step runs, processed in order (keeps recursion shallow). */
  private readonly agenda: (() => void)[] = [];

  constructor(
    readonly model: ProcessModel,
    readonly doc: InstanceDocument,
    readonly now: Date,
    readonly nextKey: () => string,
  ) {}

  schedule(fn: () => void): void {
    this.agenda.push(fn);
  }

  /** Runs the agenda until nothing is left to do. */
  drain(): void {
    while (this.agenda.length) this.agenda.shift()!();
  }

  // ---------------------------------------------------------------- lookups

  node(id: string): FlowNode {
    const node = this.model.nodes.get(id);
    if (!node) throw new Error(`element ${id} is not in process ${this.model.bpmnProcessId}`);
    return node;
  }

  elem(key: string): ElementInstance {
    const el = this.doc.elems[key];
    if (!el) throw new CommandRejected('NOT_FOUND', `element instance ${key} is not active`);
    return el;
  }

  waiting(key: string, what: 'job' | 'task' | 'child'): ElementInstance {
    const el = this.elem(key);
    if (!el[what] || el.pending)
      throw new CommandRejected('INVALID_STATE', `element instance ${key} is not waiting for a ${what}`);
    return el;
  }

  children(scope: string): ElementInstance[] {
    return Object.values(this.doc.elems).filter((e) => e.scope === scope);
  }

  /** Drops the join tokens waiting in a scope. */
  dropJoins(scope: string): void {
    for (const k of Object.keys(this.doc.joins)) if (k.startsWith(`${scope}|`)) delete this.doc.joins[k];
  }

  origin(el: ElementInstance): ErrorOrigin {
    return { processInstanceKey: this.doc.processInstanceKey, elementInstanceKey: el.key, elementId: el.id };
  }

  // ---------------------------------------------------------------- history and incidents

  record(el: ElementInstance, event: HistoryEntry['event']): void {
    const node = this.node(el.id);
    const elementType = el.body ? 'MULTI_INSTANCE_BODY' : node.typeName;
    this.history.push({ elementInstanceKey: el.key, elementId: el.id, elementType, event });
  }

  incident(el: ElementInstance, errorType: string, errorMessage: string, jobKey: string | null): string {
    const key = this.nextKey();
    this.effects.push({
      t: 'incident.create',
      key,
      elementInstanceKey: el.key,
      elementId: el.id,
      errorType,
      errorMessage,
      jobKey,
    });
    this.record(el, 'INCIDENT');
    return key;
  }

  /** Runs `fn`; an expression or timer that fails raises an incident, and `op` is retried when it is resolved. */
  guard(
    el: ElementInstance,
    op: 'activate' | 'complete' | 'condition',
    fn: () => void,
    variables?: Variables,
  ): boolean {
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
  setLocal(scope: string, name: string, value: unknown, path = false): void {
    const vars = (this.doc.vars[scope] ??= {});
    if (path) setPath(vars, name, value);
    else vars[name] = value;
  }

  /** Zeebe propagation: update the nearest scope holding the variable, else create it at the root. */
  propagate(from: string, name: string, value: unknown, path = false): void {
    const head = path ? name.split('.')[0]! : name;
    for (const scope of this.scopeChain(from)) {
      if (this.doc.vars[scope] && head in this.doc.vars[scope]!) {
        this.setLocal(scope, name, value, path);
        return;
      }
    }
    this.setLocal(this.doc.processInstanceKey, name, value, path);
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
