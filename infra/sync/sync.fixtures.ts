/**
 * Fixtures for the sync tests, the crash child and the bench: whole project stories mapped through
 * spgl-mapping.ts (project, unit, cases, steps with BLZT, a result document), and the order check
 * the province side must satisfy.
 */
import type { OutboxRecordInput } from '../db/outbox.repo.ts';
import type { ProvinceRecord } from '../province/province.port.ts';
import type { Blzt } from '../province/spgl-tables.ts';
import {
  mapCaseStep,
  mapItemCase,
  mapProject,
  mapProjectUnit,
  mapResultDocument,
  type SpglOutboxRecord,
} from './spgl-mapping.ts';

const XZQHDM = '440400';
const STEPS: Blzt[] = [1, 3, 8, 11];

export const projectCodeOf = (i: number): string => `2304-440402-04-01-${String(i % 1_000_000).padStart(6, '0')}`;
export const engineeringCodeOf = (i: number): string => `${projectCodeOf(i)}-001`;
export const caseNumberOf = (project: number, c: number): string => `ZH${String(project).padStart(8, '0')}C${c}`;

const at = (records: SpglOutboxRecord[], recordedAt: Date): OutboxRecordInput[] =>
  records.map((r) => ({ ...r, recordedAt }));

export function projectRecords(i: number, recordedAt: Date): OutboxRecordInput[] {
  const gcdm = engineeringCodeOf(i);
  return at(
    [
      mapProject({
        xzqhdm: XZQHDM,
        projectCode: projectCodeOf(i),
        engineeringCode: gcdm,
        name: `珠海测试项目${i}`,
        flowCode: 'ZH-SOCIAL',
        flowVersion: 1,
        declaredAt: recordedAt,
      }),
      mapProjectUnit({
        xzqhdm: XZQHDM,
        engineeringCode: gcdm,
        name: `珠海建设单位${i}`,
        uscc: '91440400MA4UXXXX1X',
        role: 1,
      }),
    ],
    recordedAt,
  );
}

export function caseRecords(project: number, c: number, recordedAt: Date): OutboxRecordInput[] {
  return at(
    [
      mapItemCase({
        xzqhdm: XZQHDM,
        engineeringCode: engineeringCodeOf(project),
        caseNumber: caseNumberOf(project, c),
        itemCode: '11440400007',
        itemVersion: 3,
        flowCode: 'ZH-SOCIAL',
        flowVersion: 1,
        departmentCode: '114404000071',
        departmentName: '珠海市住房和城乡建设局',
        acceptMode: 1,
        limitDays: 5,
      }),
    ],
    recordedAt,
  );
}

export function stepRecord(
  project: number,
  c: number,
  step: number,
  recordedAt: Date,
  blzt: Blzt = STEPS[step % STEPS.length]!,
): OutboxRecordInput {
  return {
    ...mapCaseStep({
      xzqhdm: XZQHDM,
      engineeringCode: engineeringCodeOf(project),
      caseNumber: caseNumberOf(project, c),
      eventKey: String(step),
      blzt,
      office: '审批科',
      handler: '张三',
      opinion: '同意',
      at: recordedAt,
    }),
    recordedAt,
  };
}

export function resultRecord(project: number, c: number, recordedAt: Date): OutboxRecordInput {
  return {
    ...mapResultDocument({
      xzqhdm: XZQHDM,
      engineeringCode: engineeringCodeOf(project),
      caseNumber: caseNumberOf(project, c),
      documentId: 'R1',
      issuedOn: recordedAt,
      docNumber: `珠建施〔2026〕${project}号`,
      title: '建筑工程施工许可证',
      validUntil: null,
      fileName: 'xk.ofd',
      fileType: 'ofd',
      fileUrl: 'https://example.invalid/xk.ofd',
    }),
    recordedAt,
  };
}

/** One project with `cases` cases, each with `steps` steps and a result: the records in event order. */
export function projectStory(
  i: number,
  options: { cases: number; steps: number; recordedAt: Date },
): OutboxRecordInput[] {
  const records = projectRecords(i, options.recordedAt);
  for (let c = 0; c < options.cases; c++) {
    records.push(...caseRecords(i, c, options.recordedAt));
    for (let s = 0; s < options.steps; s++) records.push(stepRecord(i, c, s, options.recordedAt));
    records.push(resultRecord(i, c, options.recordedAt));
  }
  return records;
}

/**
 * Problems with what the province received (first arrivals, in order) against what was enqueued:
 * missing records, a record of a key before an earlier one of the same key, a case before its project.
 */
export function orderViolations(enqueued: readonly OutboxRecordInput[], received: readonly ProvinceRecord[]): string[] {
  const arrival = new Map(received.map((r, i) => [r.dfsjzj, i]));
  const problems: string[] = [];
  const lastOfKey = new Map<string, { dfsjzj: string; at: number }>();
  for (const r of enqueued) {
    const i = arrival.get(r.dfsjzj);
    if (i === undefined) {
      problems.push(`missing ${r.dfsjzj}`);
      continue;
    }
    const previous = lastOfKey.get(r.orderingKey);
    if (previous && previous.at > i) problems.push(`${r.dfsjzj} arrived before ${previous.dfsjzj}`);
    lastOfKey.set(r.orderingKey, { dfsjzj: r.dfsjzj, at: i });
    if (r.afterKey) {
      const dependency = lastOfKey.get(r.afterKey);
      if (dependency && dependency.at > i)
        problems.push(`${r.dfsjzj} arrived before ${dependency.dfsjzj} of ${r.afterKey}`);
    }
  }
  return problems;
}
