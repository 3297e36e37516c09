/**
 * The executable model: a BPMN resource parsed with bpmn-moddle + zeebe-bpmn-moddle and reduced to
 * what the embedded engine executes — flow nodes with their Zeebe extension properties, flows,
 * scopes, boundary events and event sub-processes. Parsing is done once per deployed resource.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export type ElementKind =
  | 'process' | 'startEvent' | 'endEvent' | 'intermediateThrowEvent' | 'intermediateCatchEvent' | 'boundaryEvent'
  | 'serviceTask' | 'userTask' | 'receiveTask' | 'manualTask' | 'task' | 'callActivity'
  | 'subProcess' | 'eventSubProcess'
  | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway';

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; messageName: string; correlationKey: string | null }
  | { kind: 'timer'; timeDate?: string; timeDuration?: string; timeCycle?: string }
  | { kind: 'error'; errorCode: string | null }
  | { kind: 'terminate' };

export interface Mapping { source: string; target: string }

export interface LoopSpec {
  sequential: boolean;
  inputCollection: string;
  inputElement: string | null;
  outputCollection: string | null;
  outputElement: string | null;
  completionCondition: string | null;
}

export interface FlowNode {
  id: string;
  kind: ElementKind;
  /** BPMN type name for history, e.g. "SERVICE_TASK". */
  typeName: string;
  name: string | null;
  /** Id of the containing process or sub-process. */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow: string | null;
  event: EventDefinition;
  /** Boundary events: the activity they are attached to; interrupting or not. */
  attachedTo: string | null;
  interrupting: boolean;
  inputs: Mapping[];
  outputs: Mapping[];
  job: { type: string; retries: string; headers: Record<string, string> } | null;
  userTask: {
    assignee: string | null; candidateGroups: string | null; candidateUsers: string | null;
    dueDate: string | null; followUpDate: string | null; formKey: string | null;
  } | null;
  called: { processId: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean } | null;
  loop: LoopSpec | null;
  /** Sub-processes and processes: their start event ids (none start first), event sub-process ids. */
  noneStartId: string | null;
  eventSubProcessIds: string[];
  boundaryIds: string[];
}

export interface Flow { id: string; sourceId: string; targetId: string; condition: string | null }

export interface ProcessModel {
  bpmnProcessId: string;
  name: string | null;
  nodes: Map<string, FlowNode>;
  flows: Map<string, Flow>;
  /** Start events of the process itself (message and timer start events included). */
  startEventIds: string[];
  /** For inclusive joins: element ids from which each inclusive gateway is reachable. */
  reachesGateway: Map<string, Set<string>>;
}

export interface ModelProblem { elementId: string; message: string }

export class ModelError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(problems.map((p) => `${p.elementId}: ${p.message}`).join('; '));
    this.name = 'ModelError';
  }
}

type Moddle = { $type: string; id?: string; name?: string; [k: string]: unknown };

const SUPPORTED: Record<string, { kind: ElementKind; typeName: string }> = {
  'bpmn:StartEvent': { kind: 'startEvent', typeName: 'START_EVENT' },
  'bpmn:EndEvent': { kind: 'endEvent', typeName: 'END_EVENT' },
  'bpmn:IntermediateThrowEvent': { kind: 'intermediateThrowEvent', typeName: 'INTERMEDIATE_THROW_EVENT' },
  'bpmn:IntermediateCatchEvent': { kind: 'intermediateCatchEvent', typeName: 'INTERMEDIATE_CATCH_EVENT' },
  'bpmn:BoundaryEvent': { kind: 'boundaryEvent', typeName: 'BOUNDARY_EVENT' },
  'bpmn:ServiceTask': { kind: 'serviceTask', typeName: 'SERVICE_TASK' },
  'bpmn:SendTask': { kind: 'serviceTask', typeName: 'SEND_TASK' },
  'bpmn:ScriptTask': { kind: 'serviceTask', typeName: 'SCRIPT_TASK' },
  'bpmn:BusinessRuleTask': { kind: 'serviceTask', typeName: 'BUSINESS_RULE_TASK' },
  'bpmn:UserTask': { kind: 'userTask', typeName: 'USER_TASK' },
  'bpmn:ReceiveTask': { kind: 'receiveTask', typeName: 'RECEIVE_TASK' },
  'bpmn:ManualTask': { kind: 'manualTask', typeName: 'MANUAL_TASK' },
  'bpmn:Task': { kind: 'task', typeName: 'TASK' },
  'bpmn:CallActivity': { kind: 'callActivity', typeName: 'CALL_ACTIVITY' },
  'bpmn:SubProcess': { kind: 'subProcess', typeName: 'SUB_PROCESS' },
  'bpmn:ExclusiveGateway': { kind: 'exclusiveGateway', typeName: 'EXCLUSIVE_GATEWAY' },
  'bpmn:ParallelGateway': { kind: 'parallelGateway', typeName: 'PARALLEL_GATEWAY' },
  'bpmn:InclusiveGateway': { kind: 'inclusiveGateway', typeName: 'INCLUSIVE_GATEWAY' },
  'bpmn:EventBasedGateway': { kind: 'eventBasedGateway', typeName: 'EVENT_BASED_GATEWAY' },
};
const IGNORED = new Set(['bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

function ext(el: Moddle, type: string): Moddle | undefined {
  const values = (el.extensionElements as { values?: Moddle[] } | undefined)?.values ?? [];
  return values.find((v) => v.$type === type);
}

let moddle: InstanceType<typeof BpmnModdle> | undefined;
function getModdle() {
  moddle ??= new BpmnModdle({ zeebe: zeebeSchema });
  return moddle;
}

/** Parses a BPMN resource into one model per executable process. Throws ModelError naming elements. */
export async function parseBpmn(xml: string): Promise<ProcessModel[]> {
  let definitions: Moddle;
  try {
    const result = await getModdle().fromXML(xml);
    definitions = result.rootElement as unknown as Moddle;
    const fatal = (result.warnings ?? []).filter((w: { message: string }) => /unparsable|unresolved reference/i.test(w.message));
    if (fatal.length) throw new ModelError(fatal.map((w: { message: string }) => ({ elementId: '(xml)', message: w.message })));
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError([{ elementId: '(xml)', message: `not a BPMN 2.0 document: ${(err as Error).message}` }]);
  }
  const roots = (definitions.rootElements as Moddle[] | undefined) ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process' && r.isExecutable !== false);
  if (processes.length === 0) throw new ModelError([{ elementId: '(definitions)', message: 'no executable process' }]);
  return processes.map(buildProcess);
}

function buildProcess(proc: Moddle): ProcessModel {
  const problems: ModelProblem[] = [];
  const nodes = new Map<string, FlowNode>();
  const flows = new Map<string, Flow>();
  const startEventIds: string[] = [];

  const walk = (container: Moddle, scopeId: string, isProcess: boolean): { noneStartId: string | null; eventSubProcessIds: string[] } => {
    let noneStartId: string | null = null;
    const eventSubProcessIds: string[] = [];
    for (const el of (container.flowElements as Moddle[] | undefined) ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        const cond = el.conditionExpression as Moddle | undefined;
        flows.set(el.id!, {
          id: el.id!, sourceId: (el.sourceRef as Moddle).id!, targetId: (el.targetRef as Moddle).id!,
          condition: cond ? String(cond.body ?? '').trim() || null : null,
        });
        continue;
      }
      if (IGNORED.has(el.$type)) continue;
      const spec = SUPPORTED[el.$type];
      if (!spec) {
        problems.push({ elementId: el.id ?? '?', message: `element type ${el.$type} is not supported by the embedded engine` });
        continue;
      }
      const node = buildNode(el, spec, scopeId, problems);
      nodes.set(node.id, node);
      if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
        const inner = walk(el, node.id, false);
        node.noneStartId = inner.noneStartId;
        node.eventSubProcessIds = inner.eventSubProcessIds;
        if (node.kind === 'subProcess' && !node.noneStartId) problems.push({ elementId: node.id, message: 'an embedded sub-process needs one none start event' });
        if (node.kind === 'eventSubProcess') {
          eventSubProcessIds.push(node.id);
          const start = [...nodes.values()].find((n) => n.scopeId === node.id && n.kind === 'startEvent');
          if (!start || start.event.kind === 'none') problems.push({ elementId: node.id, message: 'an event sub-process needs a message, timer or error start event' });
          else { node.event = start.event; node.interrupting = start.interrupting; node.noneStartId = start.id; }
        }
      }
      if (node.kind === 'startEvent') {
        if (node.event.kind === 'none') {
          if (noneStartId) problems.push({ elementId: node.id, message: 'more than one none start event in a scope' });
          noneStartId = node.id;
        }
        if (isProcess) startEventIds.push(node.id);
      }
    }
    return { noneStartId, eventSubProcessIds };
  };

  const top = walk(proc, proc.id!, true);
  const processNode: FlowNode = {
    ...emptyNode(proc.id!, 'process', 'PROCESS', proc.id!), name: (proc.name as string) ?? null,
    noneStartId: top.noneStartId, eventSubProcessIds: top.eventSubProcessIds,
  };
  nodes.set(proc.id!, processNode);

  for (const flow of flows.values()) {
    nodes.get(flow.sourceId)?.outgoing.push(flow.id);
    nodes.get(flow.targetId)?.incoming.push(flow.id);
  }
  for (const node of nodes.values()) {
    if (node.attachedTo) {
      const host = nodes.get(node.attachedTo);
      if (!host) problems.push({ elementId: node.id, message: `attached to unknown element ${node.attachedTo}` });
      else host.boundaryIds.push(node.id);
    }
    if (node.kind === 'serviceTask' && !node.job) problems.push({ elementId: node.id, message: 'missing zeebe:taskDefinition type' });
    if ((node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent') && node.event.kind === 'message' && !node.job) {
      problems.push({ elementId: node.id, message: 'a message throw event needs a zeebe:taskDefinition type' });
    }
    if (node.kind === 'callActivity' && !node.called?.processId) problems.push({ elementId: node.id, message: 'missing zeebe:calledElement processId' });
    if ((node.kind === 'intermediateCatchEvent' || node.kind === 'receiveTask' || node.kind === 'boundaryEvent' || node.kind === 'startEvent') && node.event.kind === 'message') {
      if (!node.event.messageName) problems.push({ elementId: node.id, message: 'message has no name' });
      const needsKey = !(node.kind === 'startEvent' && node.scopeId === proc.id);
      if (needsKey && !node.event.correlationKey) problems.push({ elementId: node.id, message: 'message needs a zeebe:subscription correlationKey' });
    }
    if (node.event.kind === 'timer' && !node.event.timeDate && !node.event.timeDuration && !node.event.timeCycle) {
      problems.push({ elementId: node.id, message: 'timer has no timeDate, timeDuration or timeCycle' });
    }
    if (['intermediateCatchEvent', 'boundaryEvent'].includes(node.kind) && node.event.kind === 'none') {
      problems.push({ elementId: node.id, message: `${node.kind} without a supported event definition` });
    }
  }
  for (const flow of flows.values()) {
    const source = nodes.get(flow.sourceId);
    if (flow.condition && source && source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
      problems.push({ elementId: flow.id, message: 'conditional sequence flows are only supported after exclusive and inclusive gateways' });
    }
  }
  if (problems.length) throw new ModelError(problems);

  const reachesGateway = new Map<string, Set<string>>();
  for (const node of nodes.values()) {
    if (node.kind !== 'inclusiveGateway' || node.incoming.length < 2) continue;
    const seen = new Set<string>();
    const stack = node.incoming.map((f) => flows.get(f)!.sourceId);
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const n = nodes.get(id);
      if (!n) continue;
      for (const f of n.incoming) stack.push(flows.get(f)!.sourceId);
      if (n.attachedTo) stack.push(n.attachedTo);
      // an element inside a sub-process reaches the gateway when its sub-process does
      for (const inner of nodes.values()) if (inner.scopeId === id && inner.id !== id) stack.push(inner.id);
    }
    reachesGateway.set(node.id, seen);
  }

  return { bpmnProcessId: proc.id!, name: (proc.name as string) ?? null, nodes, flows, startEventIds, reachesGateway };
}

function emptyNode(id: string, kind: ElementKind, typeName: string, scopeId: string): FlowNode {
  return {
    id, kind, typeName, name: null, scopeId, incoming: [], outgoing: [], defaultFlow: null, event: { kind: 'none' },
    attachedTo: null, interrupting: true, inputs: [], outputs: [], job: null, userTask: null, called: null, loop: null,
    noneStartId: null, eventSubProcessIds: [], boundaryIds: [],
  };
}

function buildNode(el: Moddle, spec: { kind: ElementKind; typeName: string }, scopeId: string, problems: ModelProblem[]): FlowNode {
  let kind = spec.kind;
  let typeName = spec.typeName;
  if (kind === 'subProcess' && el.triggeredByEvent) { kind = 'eventSubProcess'; typeName = 'EVENT_SUB_PROCESS'; }
  const node = emptyNode(el.id!, kind, typeName, scopeId);
  node.name = (el.name as string) ?? null;
  node.defaultFlow = (el.default as Moddle | undefined)?.id ?? null;
  if (kind === 'boundaryEvent') {
    node.attachedTo = (el.attachedToRef as Moddle | undefined)?.id ?? null;
    node.interrupting = el.cancelActivity !== false;
  }
  if (kind === 'startEvent') node.interrupting = el.isInterrupting !== false;

  const defs = (el.eventDefinitions as Moddle[] | undefined) ?? [];
  if (defs.length > 1) problems.push({ elementId: node.id, message: 'multiple event definitions are not supported' });
  const def = defs[0];
  if (def) node.event = eventDefinition(def, node.id, problems);
  if (kind === 'receiveTask') {
    const message = el.messageRef as Moddle | undefined;
    node.event = message ? messageDefinition(message) : { kind: 'message', messageName: '', correlationKey: null };
  }

  const io = ext(el, 'zeebe:IoMapping');
  if (io) {
    node.inputs = ((io.inputParameters as Moddle[] | undefined) ?? []).map((p) => ({ source: String(p.source ?? ''), target: String(p.target) }));
    node.outputs = ((io.outputParameters as Moddle[] | undefined) ?? []).map((p) => ({ source: String(p.source ?? ''), target: String(p.target) }));
  }
  const td = ext(el, 'zeebe:TaskDefinition');
  if (td && td.type) {
    const headers: Record<string, string> = {};
    for (const h of ((ext(el, 'zeebe:TaskHeaders')?.values as Moddle[] | undefined) ?? [])) headers[String(h.key)] = String(h.value ?? '');
    node.job = { type: String(td.type), retries: String(td.retries ?? '3'), headers };
  }
  if (kind === 'userTask') {
    const a = ext(el, 'zeebe:AssignmentDefinition');
    const s = ext(el, 'zeebe:TaskSchedule');
    const f = ext(el, 'zeebe:FormDefinition');
    node.userTask = {
      assignee: (a?.assignee as string) ?? null, candidateGroups: (a?.candidateGroups as string) ?? null,
      candidateUsers: (a?.candidateUsers as string) ?? null, dueDate: (s?.dueDate as string) ?? null,
      followUpDate: (s?.followUpDate as string) ?? null, formKey: ((f?.formId ?? f?.formKey) as string) ?? null,
    };
  }
  const ce = ext(el, 'zeebe:CalledElement');
  if (kind === 'callActivity') {
    node.called = {
      processId: String(ce?.processId ?? ''),
      propagateAllChildVariables: ce?.propagateAllChildVariables !== false,
      propagateAllParentVariables: ce?.propagateAllParentVariables !== false,
    };
  }
  const lc = el.loopCharacteristics as Moddle | undefined;
  if (lc) {
    if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') problems.push({ elementId: node.id, message: `${lc.$type} is not supported` });
    const zl = ext(lc, 'zeebe:LoopCharacteristics');
    if (!zl?.inputCollection) problems.push({ elementId: node.id, message: 'multi-instance needs zeebe:loopCharacteristics inputCollection' });
    const cc = lc.completionCondition as Moddle | undefined;
    node.loop = {
      sequential: lc.isSequential === true,
      inputCollection: String(zl?.inputCollection ?? ''),
      inputElement: (zl?.inputElement as string) || null,
      outputCollection: (zl?.outputCollection as string) || null,
      outputElement: (zl?.outputElement as string) || null,
      completionCondition: cc ? String(cc.body ?? '').trim() || null : null,
    };
  }
  return node;
}

function messageDefinition(message: Moddle): EventDefinition {
  const sub = ext(message, 'zeebe:Subscription');
  return { kind: 'message', messageName: String(message.name ?? ''), correlationKey: (sub?.correlationKey as string) ?? null };
}

function eventDefinition(def: Moddle, elementId: string, problems: ModelProblem[]): EventDefinition {
  switch (def.$type) {
    case 'bpmn:MessageEventDefinition': {
      const message = def.messageRef as Moddle | undefined;
      if (!message) return { kind: 'message', messageName: '', correlationKey: null };
      return messageDefinition(message);
    }
    case 'bpmn:TimerEventDefinition': {
      const body = (k: string) => { const e = def[k] as Moddle | undefined; return e ? String(e.body ?? '').trim() : undefined; };
      return { kind: 'timer', timeDate: body('timeDate'), timeDuration: body('timeDuration'), timeCycle: body('timeCycle') };
    }
    case 'bpmn:ErrorEventDefinition': {
      const error = def.errorRef as Moddle | undefined;
      return { kind: 'error', errorCode: error ? String(error.errorCode ?? '') || null : null };
    }
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    default:
      problems.push({ elementId, message: `${def.$type} is not supported` });
      return { kind: 'none' };
  }
}
