import { describe, expect, it } from 'vitest';
import { checkRecord } from '../province/province-record-check.ts';
import { mapCaseStep, mapItemCase, mapProject, mapResultDocument, mapSpecialProcedure } from './spgl-mapping.ts';

const base = { xzqhdm: '440400', engineeringCode: '2304-440402-04-01-123456-001', caseNumber: 'ZH2025060300123' };
const at = new Date('2025-06-04T01:30:00Z'); // 09:30 in Beijing

describe('SPGL mapping', () => {
  it('gives each record a stable DFSJZJ and its ordering keys', () => {
    // given the same facts mapped twice
    const step = () =>
      mapCaseStep({ ...base, eventKey: '7', blzt: 9, office: '审批科', handler: '张三', opinion: '启动专家评审', at });
    // when / then the keys are equal and follow the documented forms
    expect(step()).toEqual(step());
    expect(step()).toMatchObject({
      dfsjzj: 'BL-ZH2025060300123-7',
      orderingKey: 'C:ZH2025060300123',
      afterKey: null,
      caseId: 'ZH2025060300123',
      op: 'INSERT',
    });
    const itemCase = mapItemCase({
      ...base,
      itemCode: '11440400007',
      itemVersion: 3,
      flowCode: 'ZH-SOCIAL',
      flowVersion: 1,
      departmentCode: '1144',
      departmentName: '珠海市住房和城乡建设局',
      acceptMode: 1,
      limitDays: 2,
    });
    expect(itemCase).toMatchObject({
      dfsjzj: 'SL-ZH2025060300123',
      orderingKey: 'C:ZH2025060300123',
      afterKey: 'P:2304-440402-04-01-123456-001',
      op: 'UPSERT',
    });
    const project = mapProject({
      xzqhdm: '440400',
      projectCode: '2304-440402-04-01-123456',
      engineeringCode: base.engineeringCode,
      name: '某项目',
      flowCode: 'ZH-SOCIAL',
      flowVersion: 1,
      declaredAt: at,
    });
    expect(project).toMatchObject({
      dfsjzj: 'XM-2304-440402-04-01-123456-001',
      orderingKey: 'P:2304-440402-04-01-123456-001',
      caseId: null,
    });
  });

  it('writes SPGL fields the province accepts, in China time', () => {
    // given a step, a special procedure and a result document
    const step = mapCaseStep({ ...base, eventKey: '7', blzt: 9, office: '审批科', handler: '张三', at });
    const special = mapSpecialProcedure({
      ...base,
      procedureId: 'sp1',
      typeCode: 1,
      typeName: '专家评审',
      startedAt: at,
      limitUnit: 1,
      limit: 20,
    });
    const result = mapResultDocument({
      ...base,
      documentId: 'd1',
      issuedOn: at,
      docNumber: '珠建施〔2025〕123号',
      title: '建筑工程施工许可证',
      validUntil: null,
      fileName: 'xk.ofd',
      fileType: 'ofd',
      fileUrl: 'https://x/f',
    });
    // when judged by the province's checks (project and case known)
    const known = { hasProject: () => true, hasCase: () => true };
    // then each passes and carries the control fields
    for (const r of [step, special, result]) expect(checkRecord(r, known)).toEqual({ ok: true });
    expect(step.data).toMatchObject({
      DFSJZJ: step.dfsjzj,
      SJYXBS: 1,
      BLZT: 9,
      BLSJ: '2025-06-04 09:30:00',
      SPSXSLBM: base.caseNumber,
      GCDM: base.engineeringCode,
    });
    expect(special.data).toMatchObject({
      TBCX: 1,
      TBCXMC: '专家评审',
      TBCXKSSJ: '2025-06-04',
      TBCXSXLX: 1,
      TBCXSX: 20,
    });
    expect(result.data).toMatchObject({ PFRQ: '2025-06-04', PFWJYXQX: '9999-01-01', FJID: 'https://x/f' });
  });
});
