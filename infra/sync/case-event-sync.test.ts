import { describe, expect, it } from 'vitest';
import { checkRecord } from '../province/province-record-check.ts';
import { indexCatalog } from '../../domain/catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import type { CaseEventType } from '../../domain/case/case-event.ts';
import {
  mapCaseEventRecords,
  mapProjectRecords,
  type CaseEventContext,
  type ProjectRow,
  type SyncedCaseEvent,
} from './case-event-sync.ts';
import type { ApplicationRow, ItemCaseRow } from '../db/case-rows.repo.ts';

const catalog = indexCatalog(ZHUHAI_CATALOG);
const at = new Date('2026-06-01T02:00:00Z'); // 10:00 in Beijing
const project: ProjectRow = {
  code: '2604-440402-04-01-100001',
  name: '珠海某住宅项目',
  ownerName: '珠海某建设有限公司',
  ownerUscc: '91440400MA4W000001',
  regionCode: '440402',
  flowType: 'SOCIAL_INVEST',
  applicantUserId: null,
  contactPhone: '13912345678',
  processInstanceKey: null,
  createdAt: at,
};
const application = {
  id: 'AAPP1',
  projectCode: project.code,
  stageNo: 1,
  channel: 'online',
  state: 'RECEIVED',
  catalogVersion: 'v',
  regionCode: '440402',
  leadDepartment: 'ZH_ZRZYJ',
  contactPhone: null,
  processInstanceKey: null,
  submittedAt: new Date(at.getTime() - 60_000),
  receivedAt: at,
  lastSeq: 3,
  lastHash: '',
} as ApplicationRow;
const itemCase = {
  id: 'AAPP1-01',
  applicationId: 'AAPP1',
  projectCode: project.code,
  caseNumber: 'ZH2026060100001',
  itemCode: 'ZH-S1-02',
  department: 'ZH_FGJ',
  regionCode: '440402',
  stageNo: 1,
  catalogVersion: 'v',
  state: 'ACCEPTED',
  decision: null,
  acceptedAt: at,
  decidedAt: null,
  lastSeq: 1,
  lastHash: '',
} as ItemCaseRow;
const ctx: CaseEventContext = { itemCase, application, project, catalog };

let seq = 0;
const event = (
  type: CaseEventType,
  blzt: number | null,
  payload: Record<string, unknown> = {},
  aggregate: 'CASE' | 'APPLICATION' = 'CASE',
): SyncedCaseEvent => ({
  aggregateId: aggregate === 'CASE' ? itemCase.id : application.id,
  aggregate,
  type,
  actor: { userId: 'reviewer-1', role: 'REVIEWER', departmentCode: 'ZH_FGJ' },
  businessTime: at,
  payload,
  seq: ++seq,
  recordedAt: at,
  hash: 'h',
  blzt,
});

/** What the (fake) province would say, having received the project and the case. */
const province = {
  hasProject: (g: string) => g === `${project.code}-001`,
  hasCase: (c: string) => c === itemCase.caseNumber,
};

describe('case events → SPGL records', () => {
  it('maps a registered project to the project and its 建设单位 under the project key', () => {
    const records = mapProjectRecords(project);
    expect(records.map((r) => [r.table, r.dfsjzj, r.orderingKey])).toEqual([
      ['SPGL_XMJBXXB', 'XM-2604-440402-04-01-100001-001', 'P:2604-440402-04-01-100001-001'],
      ['SPGL_XMDWXXB', 'DW-2604-440402-04-01-100001-001-91440400MA4W000001-1', 'P:2604-440402-04-01-100001-001'],
    ]);
    expect(records[0]!.data).toMatchObject({ XMDM: project.code, XMMC: project.name, XZQHDM: '440402', SJYXBS: 1 });
    for (const r of records) expect(checkRecord(r, province)).toEqual({ ok: true });
  });

  it('maps ACCEPTED to the item case, the 已接件 step at submission and the 已受理 step, in that order', () => {
    const records = mapCaseEventRecords(event('ACCEPTED', 3, { caseNumber: itemCase.caseNumber }), ctx);
    expect(records.map((r) => r.table)).toEqual(['SPGL_XMSPSXBLXXB', 'SPGL_XMSPSXBLXXXXB', 'SPGL_XMSPSXBLXXXXB']);
    const [caseRecord, received, accepted] = records;
    expect(caseRecord).toMatchObject({
      dfsjzj: 'SL-ZH2026060100001',
      orderingKey: 'C:ZH2026060100001',
      afterKey: 'P:2604-440402-04-01-100001-001',
      caseId: 'ZH2026060100001',
    });
    expect(caseRecord!.data).toMatchObject({
      SPSXBM: 'ZH-S1-02',
      SXBLSX: 10,
      SLFS: 1,
      BLSPSLBM: 'AAPP1',
      GCDM: '2604-440402-04-01-100001-001',
    });
    expect(received!.data).toMatchObject({ DFSJZJ: 'BL-ZH2026060100001-0', BLZT: 1, BLSJ: '2026-06-01 09:59:00' });
    expect(accepted!.data).toMatchObject({ BLZT: 3, BLSJ: '2026-06-01 10:00:00', BLR: 'reviewer-1', BLCS: 'ZH_FGJ' });
    for (const r of records) expect(checkRecord(r, province)).toEqual({ ok: true });
  });

  it('maps every event with a BLZT to one step keyed by its seq, and bookkeeping events to nothing', () => {
    const review = event('REVIEW_STARTED', 8);
    expect(mapCaseEventRecords(review, ctx).map((r) => [r.dfsjzj, r.data.BLZT])).toEqual([
      [`BL-ZH2026060100001-${review.seq}`, 8],
    ]);
    const decided = event('DECIDED', 11, { decision: 'APPROVED', opinion: '同意' });
    expect(mapCaseEventRecords(decided, ctx)[0]!.data).toMatchObject({ BLZT: 11, BLYJ: '同意' });
    expect(mapCaseEventRecords(event('OPINION_RECORDED', null, { opinion: 'x' }), ctx)).toEqual([]);
    expect(mapCaseEventRecords(event('DELIVERED', null), ctx)).toEqual([]);
  });

  it('sends nothing for application events or a case without a case number', () => {
    expect(mapCaseEventRecords(event('SUBMITTED', 1, {}, 'APPLICATION'), ctx)).toEqual([]);
    expect(
      mapCaseEventRecords(event('NOT_ACCEPTED', 5), { ...ctx, itemCase: { ...itemCase, caseNumber: null } }),
    ).toEqual([]);
  });

  it('maps a special procedure to its step and the 特别程序 record, start then end under one DFSJZJ', () => {
    const started = event('SPECIAL_PROCEDURE_STARTED', 9, {
      procedureId: 'AAPP1-01:SP:7',
      type: 'EXPERT_REVIEW',
      limit: 20,
      unit: 'WD',
    });
    const startRecords = mapCaseEventRecords(started, ctx);
    expect(startRecords.map((r) => r.table)).toEqual(['SPGL_XMSPSXBLXXXXB', 'SPGL_XMSPSXBLTBCXXXB']);
    expect(startRecords[1]).toMatchObject({ dfsjzj: 'TB-ZH2026060100001-AAPP1-01:SP:7', op: 'UPSERT' });
    expect(startRecords[1]!.data).toMatchObject({
      TBCX: 1,
      TBCXMC: '专家评审',
      TBCXSX: 20,
      TBCXSXLX: 1,
      TBCXKSSJ: '2026-06-01',
    });
    const finished = event('SPECIAL_PROCEDURE_FINISHED', 10, { procedureId: 'AAPP1-01:SP:7', result: 'PASS' });
    const endRecords = mapCaseEventRecords(finished, { ...ctx, startedEvent: started });
    expect(endRecords.map((r) => [r.table, r.dfsjzj])).toEqual([
      ['SPGL_XMSPSXBLXXXXB', `BL-ZH2026060100001-${finished.seq}`],
      ['SPGL_XMSPSXBLTBCXXXB', 'TB-ZH2026060100001-AAPP1-01:SP:7'],
    ]);
    expect(endRecords[1]!.data).toMatchObject({ TBCX: 1, TBCXJSSJ: '2026-06-01', TBCXJG: 'PASS' });
    for (const r of [...startRecords, ...endRecords]) expect(checkRecord(r, province)).toEqual({ ok: true });
  });

  it('maps RESULT_ISSUED to the 批复文件', () => {
    const records = mapCaseEventRecords(
      event('RESULT_ISSUED', null, {
        title: '可研批复',
        docNumber: '珠ZH_FGJ〔2026〕00001号',
        certificateId: 'CERT-1',
      }),
      ctx,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      table: 'SPGL_XMSPSXPFWJXXB',
      dfsjzj: 'PF-ZH2026060100001-RESULT',
      orderingKey: 'C:ZH2026060100001',
    });
    expect(records[0]!.data).toMatchObject({
      PFWH: '珠ZH_FGJ〔2026〕00001号',
      PFWJBT: '可研批复',
      PFRQ: '2026-06-01',
      PFWJYXQX: '9999-01-01',
    });
    expect(checkRecord(records[0], province)).toEqual({ ok: true });
  });
});
