/**
 * The executable model: what the engine executes of a BPMN process — flow nodes with their Zeebe
 * extension properties, flows, scopes, boundary events and event sub-processes. Built once per
 * deployed resource by parse-bpmn.ts (flow nodes: flow-node.ts).
 */

export type ElementKind =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateThrowEvent'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'userTask'
  | 'receiveTask'
  | 'manualTask'
  | 'task'
  | 'callActivity'
  | 'subProcess'
  | 'eventSubProcess'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway';

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; messageName: string; correlationKey: string | null }
  | { kind: 'timer'; timeDate?: string; timeDuration?: string; timeCycle?: string }
  | { kind: 'error'; errorCode: string | null }
  | { kind: 'terminate' };

export interface Mapping {
  source: string;
  target: string;
}

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
    assignee: string | null;
    candidateGroups: string | null;
    candidateUsers: string | null;
    dueDate: string | null;
    followUpDate: string | null;
    formKey: string | null;
  } | null;
  called: { processId: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean } | null;
  loop: LoopSpec | null;
  /** Sub-processes and processes: their start event ids (none start first), event sub-process ids. */
  noneStartId: string | null;
  eventSubProcessIds: string[];
  boundaryIds: string[];
}

export interface Flow {
  id: string;
  sourceId: string;
  targetId: string;
  condition: string | null;
}

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

export interface ModelProblem {
  elementId: string;
  message: string;
}

export class ModelError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(problems.map((p) => `${p.elementId}: ${p.message}`).join('; '));
    this.name = 'ModelError';
  }
}
