/**
 * Gateways: which outgoing flows an exclusive or inclusive gateway takes, and the join tokens of
 * parallel and inclusive joins. A parallel join fires when every incoming flow has a token; an
 * inclusive join when the tokens it has are all that can still arrive (no active element and no other
 * waiting join in its scope can reach it).
 */
import type { Variables } from '../api.ts';
import { evalBoolean, FeelError } from '../expressions/feel.ts';
import type { FlowNode } from '../model/model.ts';
import { ConditionError, type Behaviour, type Step } from './step.ts';

type Gateways = Pick<Behaviour, 'chooseFlows' | 'takeFlow' | 'tryJoin'>;

export function gateways(step: Step, b: Behaviour): Gateways {
  const { doc, model } = step;

  function chooseFlows(node: FlowNode, ctx: Variables): string[] {
    const chosen: string[] = [];
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = model.flows.get(flowId)!;
      let taken = !flow.condition;
      if (flow.condition) {
        try {
          taken = evalBoolean(flow.condition, ctx);
        } catch (err) {
          throw err instanceof FeelError ? new ConditionError(flow.condition, `${flow.id}: ${err.message}`) : err;
        }
      }
      if (taken) {
        chosen.push(flowId);
        if (node.kind === 'exclusiveGateway') break;
      }
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (chosen.length === 0)
      throw new ConditionError(
        '(conditions)',
        `no outgoing sequence flow of ${node.id} had a true condition and there is no default flow`,
      );
    return chosen;
  }

  function takeFlow(flowId: string, scope: string): void {
    const flow = model.flows.get(flowId)!;
    const target = step.node(flow.targetId);
    if ((target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') && target.incoming.length > 1) {
      const joinKey = `${scope}|${target.id}`;
      const tokens = (doc.joins[joinKey] ??= {});
      tokens[flowId] = (tokens[flowId] ?? 0) + 1;
      step.schedule(() => tryJoin(target, scope));
      return;
    }
    step.schedule(() => b.activate(target.id, scope));
  }

  function tryJoin(gateway: FlowNode, scope: string): void {
    const joinKey = `${scope}|${gateway.id}`;
    const tokens = doc.joins[joinKey];
    if (!tokens) return;
    let fire: boolean;
    if (gateway.kind === 'parallelGateway') {
      fire = gateway.incoming.every((f) => (tokens[f] ?? 0) > 0);
    } else {
      const reach = model.reachesGateway.get(gateway.id)!;
      const pendingElsewhere =
        Object.values(doc.elems).some((e) => e.scope === scope && reach.has(e.id) && e.id !== gateway.id) ||
        Object.entries(doc.joins).some(
          ([k, t]) =>
            k !== joinKey &&
            k.startsWith(`${scope}|`) &&
            reach.has(k.split('|')[1]!) &&
            Object.values(t).some((n) => n > 0),
        );
      fire = Object.values(tokens).some((n) => n > 0) && !pendingElsewhere;
    }
    if (!fire) return;
    for (const f of Object.keys(tokens)) {
      if (gateway.kind === 'parallelGateway' || tokens[f]! > 0) tokens[f]! -= 1;
      if (tokens[f]! <= 0) delete tokens[f];
    }
    if (Object.keys(tokens).length === 0) delete doc.joins[joinKey];
    b.activate(gateway.id, scope);
  }

  return { chooseFlows, takeFlow, tryJoin };
}
