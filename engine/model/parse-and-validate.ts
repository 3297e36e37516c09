/**
 * Deploy validation and versioning. A resource is parsed and every FEEL expression and static timer
 * is checked before anything is written; problems name the element ids and nothing is deployed.
 * A new version per bpmnProcessId is created only when the XML changed.
 */
import { createHash } from 'node:crypto';
import { checkSyntax, isExpression } from '../expressions/feel.ts';
import { ModelError, type ModelProblem, type ProcessModel } from './model.ts';
import { parseBpmn } from './parse-bpmn.ts';
import { parseCycle, parseDateTime, parseDuration } from '../expressions/timer-spec.ts';

export interface ParsedResource {
  name: string;
  xml: string;
  checksum: string;
  processes: ProcessModel[];
}

export async function parseAndValidate(
  name: string,
  xml: string,
): Promise<{ resource?: ParsedResource; problems: ModelProblem[] }> {
  let processes: ProcessModel[];
  try {
    processes = await parseBpmn(xml);
  } catch (err) {
    if (err instanceof ModelError) return { problems: err.problems };
    throw err;
  }
  const problems: ModelProblem[] = [];
  for (const model of processes) problems.push(...validateExpressions(model));
  const checksum = createHash('sha256').update(xml).digest('hex');
  return problems.length ? { problems } : { resource: { name, xml, checksum, processes }, problems };
}

function validateExpressions(model: ProcessModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const check = (elementId: string, what: string, text: string | null | undefined) => {
    const message = checkSyntax(text);
    if (message) problems.push({ elementId, message: `invalid FEEL in ${what}: ${message}` });
  };
  for (const flow of model.flows.values()) {
    if (flow.condition) {
      if (!isExpression(flow.condition))
        problems.push({ elementId: flow.id, message: 'a condition must be a FEEL expression starting with "="' });
      check(flow.id, 'condition', flow.condition);
    }
  }
  for (const node of model.nodes.values()) {
    for (const m of [...node.inputs, ...node.outputs]) check(node.id, `mapping to ${m.target}`, m.source);
    if (node.job) {
      check(node.id, 'job type', node.job.type);
      check(node.id, 'retries', node.job.retries);
    }
    if (node.userTask) {
      for (const [what, text] of Object.entries(node.userTask)) check(node.id, what, text);
    }
    if (node.called) check(node.id, 'called element', node.called.processId);
    if (node.loop) {
      check(node.id, 'input collection', node.loop.inputCollection);
      check(node.id, 'output element', node.loop.outputElement);
      check(node.id, 'completion condition', node.loop.completionCondition);
    }
    if (node.event.kind === 'message') check(node.id, 'correlation key', node.event.correlationKey);
    if (node.event.kind === 'timer') {
      const { timeDate, timeDuration, timeCycle } = node.event;
      try {
        if (timeDate) {
          if (isExpression(timeDate)) check(node.id, 'timer date', timeDate);
          else parseDateTime(timeDate);
        }
        if (timeDuration) {
          if (isExpression(timeDuration)) check(node.id, 'timer duration', timeDuration);
          else parseDuration(timeDuration);
        }
        if (timeCycle) {
          if (isExpression(timeCycle)) check(node.id, 'timer cycle', timeCycle);
          else parseCycle(timeCycle, new Date(0));
        }
      } catch (err) {
        problems.push({ elementId: node.id, message: (err as Error).message });
      }
    }
  }
  return problems;
}
