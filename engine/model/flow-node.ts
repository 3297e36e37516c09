/**
 * One BPMN element read into a flow node: its kind, its event definition, and its Zeebe extension
 * elements (zeebe:taskDefinition and taskHeaders, ioMapping, assignmentDefinition, taskSchedule,
 * formDefinition, calledElement, loopCharacteristics, subscription). What is not supported is a
 * problem naming the element, never silently dropped.
 */
import type { ElementKind, EventDefinition, FlowNode, ModelProblem } from './model.ts';

/** An element as bpmn-moddle reads it. */
export type Moddle = { $type: string; id?: string; name?: string; [k: string]: unknown };

export const SUPPORTED: Record<string, { kind: ElementKind; typeName: string }> = {
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
export const IGNORED = new Set([
  'bpmn:SequenceFlow',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
]);

function ext(el: Moddle, type: string): Moddle | undefined {
  const values = (el.extensionElements as { values?: Moddle[] } | undefined)?.values ?? [];
  return values.find((v) => v.$type === type);
}

export function emptyNode(id: string, kind: ElementKind, typeName: string, scopeId: string): FlowNode {
  return {
    id,
    kind,
    typeName,
    name: null,
    scopeId,
    incoming: [],
    outgoing: [],
    defaultFlow: null,
    event: { kind: 'none' },
    attachedTo: null,
    interrupting: true,
    inputs: [],
    outputs: [],
    job: null,
    userTask: null,
    called: null,
    loop: null,
    noneStartId: null,
    eventSubProcessIds: [],
    boundaryIds: [],
  };
}

export function buildNode(
  el: Moddle,
  spec: { kind: ElementKind; typeName: string },
  scopeId: string,
  problems: ModelProblem[],
): FlowNode {
  let kind = spec.kind;
  let typeName = spec.typeName;
  if (kind === 'subProcess' && el.triggeredByEvent) {
    kind = 'eventSubProcess';
    typeName = 'EVENT_SUB_PROCESS';
  }
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
    node.inputs = ((io.inputParameters as Moddle[] | undefined) ?? []).map((p) => ({
      source: String(p.source ?? ''),
      target: String(p.target),
    }));
    node.outputs = ((io.outputParameters as Moddle[] | undefined) ?? []).map((p) => ({
      source: String(p.source ?? ''),
      target: String(p.target),
    }));
  }
  const td = ext(el, 'zeebe:TaskDefinition');
  if (td && td.type) {
    const headers: Record<string, string> = {};
    for (const h of (ext(el, 'zeebe:TaskHeaders')?.values as Moddle[] | undefined) ?? [])
      headers[String(h.key)] = String(h.value ?? '');
    node.job = { type: String(td.type), retries: String(td.retries ?? '3'), headers };
  }
  if (kind === 'userTask') {
    const a = ext(el, 'zeebe:AssignmentDefinition');
    const s = ext(el, 'zeebe:TaskSchedule');
    const f = ext(el, 'zeebe:FormDefinition');
    node.userTask = {
      assignee: (a?.assignee as string) ?? null,
      candidateGroups: (a?.candidateGroups as string) ?? null,
      candidateUsers: (a?.candidateUsers as string) ?? null,
      dueDate: (s?.dueDate as string) ?? null,
      followUpDate: (s?.followUpDate as string) ?? null,
      formKey: ((f?.formId ?? f?.formKey) as string) ?? null,
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
    if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics')
      problems.push({ elementId: node.id, message: `${lc.$type} is not supported` });
    const zl = ext(lc, 'zeebe:LoopCharacteristics');
    if (!zl?.inputCollection)
      problems.push({ elementId: node.id, message: 'multi-instance needs zeebe:loopCharacteristics inputCollection' });
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
  return {
    kind: 'message',
    messageName: String(message.name ?? ''),
    correlationKey: (sub?.correlationKey as string) ?? null,
  };
}

function eventDefinition(def: Moddle, elementId: string, problems: ModelProblem[]): EventDefinition {
  switch (def.$type) {
    case 'bpmn:MessageEventDefinition': {
      const message = def.messageRef as Moddle | undefined;
      if (!message) return { kind: 'message', messageName: '', correlationKey: null };
      return messageDefinition(message);
    }
    case 'bpmn:TimerEventDefinition': {
      const body = (k: string) => {
        const e = def[k] as Moddle | undefined;
        return e ? String(e.body ?? '').trim() : undefined;
      };
      return {
        kind: 'timer',
        timeDate: body('timeDate'),
        timeDuration: body('timeDuration'),
        timeCycle: body('timeCycle'),
      };
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
