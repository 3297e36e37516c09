/**
 * The diagrams and the code agree: every job type a diagram uses is declared in
 * domain/process-contract.ts and has exactly one worker; every declared job type is used by some
 * diagram; message names, called process ids and process ids are the declared ones; every variable a
 * diagram's mappings and FEEL expressions name, and every variable a worker reads or writes, is
 * declared in VARIABLES — and every declared one is used by a diagram or a worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseExpression } from 'feelin';
import { describe, expect, it } from 'vitest';
import { JOB_TYPES, MESSAGES, PROCESS_IDS, VARIABLES } from '../domain/process-contract.ts';
import { createWorkers } from '../workers/index.ts';
import type { WorkerDeps } from '../workers/deps.ts';

const dir = new URL('./', import.meta.url);
const diagrams = readdirSync(dir)
  .filter((f) => f.endsWith('.bpmn'))
  .map((f) => ({ file: f, xml: readFileSync(new URL(f, dir), 'utf8') }));
const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);
const unescape = (text: string) =>
  text
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The multi-word built-ins the diagrams call (FEEL parses a name with spaces only when it knows it). */
const FEEL_BUILT_INS = {
  'get or else': null,
  'is defined': null,
  'is empty': null,
  'random number': null,
  'to json': null,
  'from json': null,
};

/** The variables a FEEL expression reads: the roots of its names, not functions, context keys or its own iteration names. */
function feelVariables(expression: string): string[] {
  const tree = parseExpression(expression, FEEL_BUILT_INS, undefined);
  const names: string[] = [];
  const own = new Set<string>();
  tree.iterate({
    enter(node) {
      const text = expression.slice(node.from, node.to);
      if (node.name === 'Name' && node.node.parent?.name === 'InExpression') own.add(text);
      if (node.name !== 'VariableName') return;
      const parent = node.node.parent;
      if (parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from) return;
      names.push(text);
    },
  });
  return names.filter((n) => !own.has(n));
}

/** Every variable a diagram names: FEEL expressions (any attribute or text starting with "="), mapping targets, loop names. */
function diagramVariables(xml: string): { name: string; where: string }[] {
  const found: { name: string; where: string }[] = [];
  const expressions = [...all(xml, /="(=[^"]*)"/g), ...all(xml, />\s*(=[^<]*)</g)].map(unescape);
  for (const e of expressions) for (const name of feelVariables(e.trim().slice(1))) found.push({ name, where: e });
  for (const attribute of ['target', 'inputElement', 'outputCollection']) {
    for (const name of all(xml, new RegExp(` ${attribute}="([^"=][^"]*)"`, 'g')))
      found.push({ name, where: `${attribute}="${name}"` });
  }
  return found;
}

describe('diagrams against domain/process-contract.ts and the workers', () => {
  const used = new Set(diagrams.flatMap((d) => all(d.xml, /<zeebe:taskDefinition type="([^"]+)"/g)));
  const workers = createWorkers({} as WorkerDeps);
  const declaredVariables = Object.values(VARIABLES) as string[];

  it('finds the diagrams', () => {
    expect(diagrams.map((d) => d.file).sort()).toEqual([
      'clock-sweep.bpmn',
      'project.bpmn',
      'special-procedure.bpmn',
      'stage-application.bpmn',
    ]);
  });

  it('uses only declared job types, each with exactly one worker, and every declared type is used', () => {
    const declared = Object.values(JOB_TYPES) as string[];
    expect([...used].filter((t) => !declared.includes(t))).toEqual([]);
    expect(declared.filter((t) => !used.has(t))).toEqual([]);
    for (const t of used)
      expect(
        workers.filter((w) => w.type === t),
        t,
      ).toHaveLength(1);
  });

  it('uses only declared messages and process ids', () => {
    const messages = Object.values(MESSAGES) as string[];
    const processes = Object.values(PROCESS_IDS) as string[];
    for (const d of diagrams) {
      for (const name of all(d.xml, /<bpmn:message id="[^"]+" name="([^"]+)"/g))
        expect(messages, `${d.file}: message ${name}`).toContain(name);
      for (const id of all(d.xml, /<bpmn:process id="([^"]+)"/g))
        expect(processes, `${d.file}: process ${id}`).toContain(id);
      for (const id of all(d.xml, /<zeebe:calledElement processId="([^"]+)"/g))
        expect(processes, `${d.file}: called ${id}`).toContain(id);
    }
  });

  it('reads FEEL the way the check below relies on', () => {
    expect(feelVariables('get or else(completedBy, null)')).toEqual(['completedBy']);
    expect(feelVariables('{caseId: itemCase.caseId, decision: decision}')).toEqual(['itemCase', 'decision']);
    expect(feelVariables('projectCode + "/" + string(awaitedStage)')).toEqual(['projectCode', 'awaitedStage']);
    expect(feelVariables('for c in itemCases return c.caseId')).toEqual(['itemCases']);
    expect(diagramVariables('<zeebe:input source="=[&#34;WINDOW&#34;]" target="groups" />').map((v) => v.name)).toEqual(
      ['groups'],
    );
  });

  it('names in its mappings and FEEL expressions only declared variables', () => {
    const undeclared = diagrams.flatMap((d) =>
      diagramVariables(d.xml)
        .filter((v) => !declaredVariables.includes(v.name))
        .map((v) => `${d.file}: ${v.name} in ${v.where}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('has every worker read and write only declared variables', () => {
    const undeclared = workers
      .flatMap((w) => [
        ...Object.keys(w.input.properties).map((name) => ({ name, where: `${w.type} input` })),
        ...Object.keys(w.output?.properties ?? {}).map((name) => ({ name, where: `${w.type} output` })),
      ])
      .filter((v) => !declaredVariables.includes(v.name))
      .map((v) => `${v.where}: ${v.name}`);
    expect(undeclared).toEqual([]);
  });

  it('uses every declared variable in some diagram or worker', () => {
    const named = new Set([
      ...diagrams.flatMap((d) => diagramVariables(d.xml).map((v) => v.name)),
      ...workers.flatMap((w) => [...Object.keys(w.input.properties), ...Object.keys(w.output?.properties ?? {})]),
    ]);
    expect(declaredVariables.filter((name) => !named.has(name))).toEqual([]);
  });
});
