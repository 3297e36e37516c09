/**
 * Every diagram in bpmn/ and every engine fixture must lint clean for Camunda 8.8 — no errors and no
 * warnings — so it deploys on a real Zeebe unchanged; every invalid fixture must fail on the element
 * its header names (`lint-error: <rule> @ <elementId>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintBpmn } from '../infra/engine/lint/lint-bpmn.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesDir = path.resolve(here, '../infra/engine/lint/fixtures');
const bpmnFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort();
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

const diagrams = bpmnFiles(here);
const fixtures = bpmnFiles(fixturesDir);
const invalidFixtures = bpmnFiles(path.join(fixturesDir, 'invalid'));

describe('bpmn/ diagrams', () => {
  it('are read from bpmn/ (an empty folder is allowed; the fixtures below are always linted)', () => {
    // given / when / then
    expect(diagrams.every((f) => /^[a-z0-9-]+\.bpmn$/.test(f))).toBe(true);
  });

  for (const file of diagrams) {
    it(`${file} lints clean for Camunda 8.8`, async () => {
      // given
      const xml = read(here, file);

      // when
      const { problems } = await lintBpmn(xml);

      // then
      expect(problems).toEqual([]);
    });
  }
});

describe('engine fixtures (infra/engine/lint/fixtures)', () => {
  it('cover the features the embedded engine must support', () => {
    // given / when / then
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of fixtures) {
    it(`${file} lints clean and documents its expected behaviour`, async () => {
      // given
      const xml = read(fixturesDir, file);

      // when
      const { problems } = await lintBpmn(xml);

      // then
      expect(problems).toEqual([]);
      expect(xml).toMatch(/<!--\s*expected:/);
      expect(xml).toContain(`<bpmn:process id="${file.replace(/\.bpmn$/, '')}"`);
    });
  }
});

describe('invalid fixtures', () => {
  for (const file of invalidFixtures) {
    it(`${file} fails on the element its header names`, async () => {
      // given
      const xml = read(path.join(fixturesDir, 'invalid'), file);
      const expected = [...xml.matchAll(/lint-error: (\S+) @ (\S+)/g)].map(([, rule, elementId]) => ({
        rule,
        elementId,
      }));
      expect(expected.length).toBeGreaterThan(0);

      // when
      const { problems } = await lintBpmn(xml);

      // then
      for (const e of expected) {
        expect(problems).toContainEqual(expect.objectContaining({ ...e, category: 'error' }));
      }
    });
  }
});
