/**
 * Parsing: a BPMN resource read with bpmn-moddle + zeebe-bpmn-moddle into one model per executable
 * process — its flow nodes by scope, flows, start events, boundary and event sub-process links — with
 * every problem the engine would meet named by element id (a ModelError), and, for inclusive joins,
 * the elements from which each can still be reached.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { buildNode, emptyNode, IGNORED, SUPPORTED, type Moddle } from './flow-node.ts';
import { ModelError, type Flow, type FlowNode, type ModelProblem, type ProcessModel } from './model.ts';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

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
    const fatal = (result.warnings ?? []).filter((w: { message: string }) =>
      /unparsable|unresolved reference/i.test(w.message),
    );
    if (fatal.length)
      throw new ModelError(fatal.map((w: { message: string }) => ({ elementId: '(xml)', message: w.message })));
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

  const walk = (
    container: Moddle,
    scopeId: string,
    isProcess: boolean,
  ): { noneStartId: string | null; eventSubProcessIds: string[] } => {
    let noneStartId: string | null = null;
    const eventSubProcessIds: string[] = [];
    for (const el of (container.flowElements as Moddle[] | undefined) ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        const cond = el.conditionExpression as Moddle | undefined;
        flows.set(el.id!, {
          id: el.id!,
          sourceId: (el.sourceRef as Moddle).id!,
          targetId: (el.targetRef as Moddle).id!,
          condition: cond ? String(cond.body ?? '').trim() || null : null,
        });
        continue;
      }
      if (IGNORED.has(el.$type)) continue;
      const spec = SUPPORTED[el.$type];
      if (!spec) {
        problems.push({
          elementId: el.id ?? '?',
          message: `element type ${el.$type} is not supported by the embedded engine`,
        });
        continue;
      }
      const node = buildNode(el, spec, scopeId, problems);
      nodes.set(node.id, node);
      if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
        const inner = walk(el, node.id, false);
        node.noneStartId = inner.noneStartId;
        node.eventSubProcessIds = inner.eventSubProcessIds;
        if (node.kind === 'subProcess' && !node.noneStartId)
          problems.push({ elementId: node.id, message: 'an embedded sub-process needs one none start event' });
        if (node.kind === 'eventSubProcess') {
          eventSubProcessIds.push(node.id);
          const start = [...nodes.values()].find((n) => n.scopeId === node.id && n.kind === 'startEvent');
          if (!start || start.event.kind === 'none')
            problems.push({
              elementId: node.id,
              message: 'an event sub-process needs a message, timer or error start event',
            });
          else {
            node.event = start.event;
            node.interrupting = start.interrupting;
            node.noneStartId = start.id;
          }
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
    ...emptyNode(proc.id!, 'process', 'PROCESS', proc.id!),
    name: (proc.name as string) ?? null,
    noneStartId: top.noneStartId,
    eventSubProcessIds: top.eventSubProcessIds,
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
    if (node.kind === 'serviceTask' && !node.job)
      problems.push({ elementId: node.id, message: 'missing zeebe:taskDefinition type' });
    if (
      (node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent') &&
      node.event.kind === 'message' &&
      !node.job
    ) {
      problems.push({ elementId: node.id, message: 'a message throw event needs a zeebe:taskDefinition type' });
    }
    if (node.kind === 'callActivity' && !node.called?.processId)
      problems.push({ elementId: node.id, message: 'missing zeebe:calledElement processId' });
    if (
      (node.kind === 'intermediateCatchEvent' ||
        node.kind === 'receiveTask' ||
        node.kind === 'boundaryEvent' ||
        node.kind === 'startEvent') &&
      node.event.kind === 'message'
    ) {
      if (!node.event.messageName) problems.push({ elementId: node.id, message: 'message has no name' });
      const needsKey = !(node.kind === 'startEvent' && node.scopeId === proc.id);
      if (needsKey && !node.event.correlationKey)
        problems.push({ elementId: node.id, message: 'message needs a zeebe:subscription correlationKey' });
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
      problems.push({
        elementId: flow.id,
        message: 'conditional sequence flows are only supported after exclusive and inclusive gateways',
      });
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
