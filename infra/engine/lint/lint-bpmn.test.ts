import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintBpmn, readBpmnlintrc, PARSE_RULE } from './lint-bpmn.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

describe('lintBpmn', () => {
  it('reads the rules analysts load: bpmnlint recommended plus camunda-compat for Camunda 8.8', () => {
    // given / when
    const config = readBpmnlintrc();

    // then
    expect(config.extends).toEqual(['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8']);
  });

  it('lints the same diagram twice without carrying rule state from one run to the next', async () => {
    // given
    const xml = fixture('parallel-gateway.bpmn');

    // when
    const first = await lintBpmn(xml);
    const second = await lintBpmn(xml);

    // then
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it('reads zeebe:* extensions: a misspelt extension element is reported, not silently dropped', async () => {
    // given
    const xml = fixture('service-task.bpmn').replace('<zeebe:taskDefinition ', '<zeebe:taskDefintion ');

    // when
    const { problems } = await lintBpmn(xml);

    // then
    expect(problems).toContainEqual(expect.objectContaining({ rule: PARSE_RULE, category: 'error' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ elementId: 'Task_Work', rule: 'camunda-compat/implementation', category: 'error' }),
    );
  });

  it('reports unparsable XML as one document-level error', async () => {
    // given
    const xml = '<bpmn:definitions';

    // when
    const { problems } = await lintBpmn(xml);

    // then
    expect(problems).toEqual([expect.objectContaining({ elementId: '', rule: PARSE_RULE, category: 'error' })]);
  });

  it('keeps warnings apart from errors', async () => {
    // given: the recommended config warns about inclusive gateways; our .bpmnlintrc turns that off
    const xml = fixture('inclusive-gateway.bpmn');

    // when
    const { problems } = await lintBpmn(xml, { config: { extends: ['bpmnlint:recommended'] } });

    // then
    expect(problems.map((p) => [p.elementId, p.rule, p.category])).toEqual([
      ['Gateway_Fork', 'no-inclusive-gateway', 'warn'],
      ['Gateway_Join', 'no-inclusive-gateway', 'warn'],
    ]);
  });
});
