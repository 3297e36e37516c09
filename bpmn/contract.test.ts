/**
 * The diagrams and the code agree: every job type a diagram uses is declared in
 * domain/process-contract.ts and has exactly one worker; every declared job type is used by some
 * diagram; message names, called process ids and process ids are the declared ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOB_TYPES, MESSAGES, PROCESS_IDS } from '../domain/process-contract.ts';
import { createWorkers } from '../workers/index.ts';
import type { WorkerDeps } from '../workers/deps.ts';

const dir = new URL('./', import.meta.url);
const diagrams = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).map((f) => ({ file: f, xml: readFileSync(new URL(f, dir), 'utf8') }));
const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);

describe('diagrams against domain/process-contract.ts and the workers', () => {
  const used = new Set(diagrams.flatMap((d) => all(d.xml, /<zeebe:taskDefinition type="([^"]+)"/g)));
  const workers = createWorkers({} as WorkerDeps).map((w) => w.type);

  it('finds the diagrams', () => {
    expect(diagrams.map((d) => d.file).sort()).toEqual(['clock-sweep.bpmn', 'project.bpmn', 'special-procedure.bpmn', 'stage-application.bpmn']);
  });

  it('uses only declared job types, each with exactly one worker, and every declared type is used', () => {
    const declared = Object.values(JOB_TYPES) as string[];
    expect([...used].filter((t) => !declared.includes(t))).toEqual([]);
    expect(declared.filter((t) => !used.has(t))).toEqual([]);
    for (const t of used) expect(workers.filter((w) => w === t), t).toHaveLength(1);
  });

  it('uses only declared messages and process ids', () => {
    const messages = Object.values(MESSAGES) as string[];
    const processes = Object.values(PROCESS_IDS) as string[];
    for (const d of diagrams) {
      for (const name of all(d.xml, /<bpmn:message id="[^"]+" name="([^"]+)"/g)) expect(messages, `${d.file}: message ${name}`).toContain(name);
      for (const id of all(d.xml, /<bpmn:process id="([^"]+)"/g)) expect(processes, `${d.file}: process ${id}`).toContain(id);
      for (const id of all(d.xml, /<zeebe:calledElement processId="([^"]+)"/g)) expect(processes, `${d.file}: called ${id}`).toContain(id);
    }
  });
});
