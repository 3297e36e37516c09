/**
 * SPGL 数据映射 — what we know about a project or a case → the records of the national exchange
 * tables (BRIEF §5), each with a stable 地方数据主键 DFSJZJ and the ordering keys the relay needs.
 * The one place where SPGL field names are written. Inputs are our own typed shapes; the lead wires
 * the domain case events to them (one event → one or more records, enqueued in the event's
 * transaction).
 *
 * DFSJZJ is derived from our own identifiers only, so mapping the same fact twice gives the same key
 * (the province de-duplicates on it): XM-<GCDM> · DW-<GCDM>-<USCC>-<role> · SL-<SPSXSLBM> ·
 * BL-<SPSXSLBM>-<eventKey> · TB-<SPSXSLBM>-<procedureId> · PF-<SPSXSLBM>-<documentId>.
 * Ordering keys: P:<GCDM> for project and unit rows; C:<SPSXSLBM> for a case and everything under it,
 * and a case row waits for its project key (afterKey).
 */
import { wallTime } from '../../domain/calendar/shanghai-day.ts';
import type { ProvinceRecord } from '../province/province.port.ts';
import type { Blzt } from '../province/spgl-tables.ts';

/** A record as the relay needs it: the SPGL record plus where it sits in the send order. */
export interface SpglOutboxRecord extends ProvinceRecord {
  orderingKey: string;
  afterKey: string | null;
  /** SPSXSLBM when the record belongs to a case. */
  caseId: string | null;
}

/** 项目基本信息 — SPGL_XMJBXXB. */
export interface ProjectInfo {
  xzqhdm: string;
  /** 统一项目代码 */
  projectCode: string;
  /** 工程代码 (XMDM-NNN) */
  engineeringCode: string;
  name: string;
  flowCode: string;
  flowVersion: number;
  /** 总投资（万元） */
  totalInvestment?: number;
  location?: string;
  /** 申报时间 */
  declaredAt: Date;
  /** Fields of the standard we fill later (GCFL, JSXZ, YDMJ …), passed through as named. */
  extra?: Readonly<Record<string, unknown>>;
}

/** 项目单位信息 — SPGL_XMDWXXB. */
export interface ProjectUnit {
  xzqhdm: string;
  engineeringCode: string;
  name: string;
  uscc: string;
  /** 单位类型, e.g. 1 建设单位 [Proposed] */
  role: number;
  contactName?: string;
  contactPhone?: string;
}

/** 事项办理信息 — SPGL_XMSPSXBLXXB, one item case (办件). */
export interface ItemCaseInfo {
  xzqhdm: string;
  engineeringCode: string;
  /** 审批事项实例编码 — our case number */
  caseNumber: string;
  itemCode: string;
  itemVersion: number;
  flowCode: string;
  flowVersion: number;
  departmentCode: string;
  departmentName: string;
  /** 受理方式 */
  acceptMode: number;
  /** 并联审批实例编码 */
  parallelBatchId?: string;
  /** 事项办理时限（工作日） */
  limitDays: number;
}

/** 办理详细信息 — SPGL_XMSPSXBLXXXXB, one process step with its BLZT. */
export interface CaseStep {
  xzqhdm: string;
  engineeringCode: string;
  caseNumber: string;
  /** Stable id of the case event (e.g. its seq in the case log). */
  eventKey: string;
  blzt: Blzt;
  /** 办理处（科）室 */
  office: string;
  /** 办理人 */
  handler: string;
  opinion?: string;
  /** Business time of the step. */
  at: Date;
}

/** 特别程序 — SPGL_XMSPSXBLTBCXXXB. Start, and the end when known (the same DFSJZJ, UPSERT). */
export interface SpecialProcedureInfo {
  xzqhdm: string;
  engineeringCode: string;
  caseNumber: string;
  procedureId: string;
  /** 特别程序类型 code and name (BRIEF §2.4) */
  typeCode: number;
  typeName: string;
  startedAt: Date;
  /** 1 工作日 / 2 自然日 [Proposed] */
  limitUnit: 1 | 2;
  limit: number;
  endedAt?: Date;
  /** 特别程序结果 [Proposed field names TBCXJSSJ, TBCXJG] */
  result?: string;
}

/** 批复文件 — SPGL_XMSPSXPFWJXXB. */
export interface ResultDocumentInfo {
  xzqhdm: string;
  engineeringCode: string;
  caseNumber: string;
  documentId: string;
  issuedOn: Date;
  docNumber: string;
  title: string;
  /** null: no expiry (9999-01-01). */
  validUntil: Date | null;
  fileName: string;
  fileType: string;
  fileUrl: string;
}

/** YYYY-MM-DD HH:mm:ss in China Standard Time. */
export const chinaDateTime = (at: Date): string => wallTime(at, true);
/** YYYY-MM-DD in China Standard Time. */
export const chinaDate = (at: Date): string => chinaDateTime(at).slice(0, 10);

export const projectKey = (engineeringCode: string): string => `P:${engineeringCode}`;
export const caseKey = (caseNumber: string): string => `C:${caseNumber}`;

function caseChild(
  table: ProvinceRecord['table'],
  op: ProvinceRecord['op'],
  dfsjzj: string,
  input: { xzqhdm: string; engineeringCode: string; caseNumber: string },
  data: Record<string, unknown>,
): SpglOutboxRecord {
  return {
    table,
    op,
    dfsjzj,
    orderingKey: caseKey(input.caseNumber),
    afterKey: null,
    caseId: input.caseNumber,
    data: {
      DFSJZJ: dfsjzj,
      XZQHDM: input.xzqhdm,
      GCDM: input.engineeringCode,
      SPSXSLBM: input.caseNumber,
      ...data,
      SJYXBS: 1,
    },
  };
}

export function mapProject(p: ProjectInfo): SpglOutboxRecord {
  const dfsjzj = `XM-${p.engineeringCode}`;
  return {
    table: 'SPGL_XMJBXXB',
    op: 'UPSERT',
    dfsjzj,
    orderingKey: projectKey(p.engineeringCode),
    afterKey: null,
    caseId: null,
    data: {
      ...p.extra,
      DFSJZJ: dfsjzj,
      XZQHDM: p.xzqhdm,
      XMDM: p.projectCode,
      GCDM: p.engineeringCode,
      XMMC: p.name,
      SPLCBM: p.flowCode,
      SPLCBBH: p.flowVersion,
      ...(p.totalInvestment !== undefined ? { ZTZE: p.totalInvestment } : {}),
      ...(p.location ? { JSDD: p.location } : {}),
      SBSJ: chinaDate(p.declaredAt),
      SJYXBS: 1,
    },
  };
}

export function mapProjectUnit(u: ProjectUnit): SpglOutboxRecord {
  const dfsjzj = `DW-${u.engineeringCode}-${u.uscc}-${u.role}`;
  return {
    table: 'SPGL_XMDWXXB',
    op: 'UPSERT',
    dfsjzj,
    orderingKey: projectKey(u.engineeringCode),
    afterKey: null,
    caseId: null,
    data: {
      DFSJZJ: dfsjzj,
      XZQHDM: u.xzqhdm,
      GCDM: u.engineeringCode,
      DWMC: u.name,
      DWTYSHXYDM: u.uscc,
      DWLX: u.role,
      ...(u.contactName ? { LXR: u.contactName } : {}),
      ...(u.contactPhone ? { LXDH: u.contactPhone } : {}),
      SJYXBS: 1,
    },
  };
}

export function mapItemCase(c: ItemCaseInfo): SpglOutboxRecord {
  const record = caseChild('SPGL_XMSPSXBLXXB', 'UPSERT', `SL-${c.caseNumber}`, c, {
    SPSXBM: c.itemCode,
    SPSXBBH: c.itemVersion,
    SPLCBM: c.flowCode,
    SPLCBBH: c.flowVersion,
    SPBMBM: c.departmentCode,
    SPBMMC: c.departmentName,
    SLFS: c.acceptMode,
    SXBLSX: c.limitDays,
    ...(c.parallelBatchId ? { BLSPSLBM: c.parallelBatchId } : {}),
  });
  return { ...record, afterKey: projectKey(c.engineeringCode) };
}

export function mapCaseStep(s: CaseStep): SpglOutboxRecord {
  return caseChild('SPGL_XMSPSXBLXXXXB', 'INSERT', `BL-${s.caseNumber}-${s.eventKey}`, s, {
    BLCS: s.office,
    BLR: s.handler,
    BLZT: s.blzt,
    BLSJ: chinaDateTime(s.at),
    ...(s.opinion ? { BLYJ: s.opinion } : {}),
  });
}

export function mapSpecialProcedure(sp: SpecialProcedureInfo): SpglOutboxRecord {
  return caseChild('SPGL_XMSPSXBLTBCXXXB', 'UPSERT', `TB-${sp.caseNumber}-${sp.procedureId}`, sp, {
    TBCX: sp.typeCode,
    TBCXMC: sp.typeName,
    TBCXKSSJ: chinaDate(sp.startedAt),
    TBCXSXLX: sp.limitUnit,
    TBCXSX: sp.limit,
    ...(sp.endedAt ? { TBCXJSSJ: chinaDate(sp.endedAt) } : {}),
    ...(sp.result ? { TBCXJG: sp.result } : {}),
  });
}

export function mapResultDocument(d: ResultDocumentInfo): SpglOutboxRecord {
  return caseChild('SPGL_XMSPSXPFWJXXB', 'INSERT', `PF-${d.caseNumber}-${d.documentId}`, d, {
    PFRQ: chinaDate(d.issuedOn),
    PFWH: d.docNumber,
    PFWJBT: d.title,
    PFWJYXQX: d.validUntil ? chinaDate(d.validUntil) : '9999-01-01',
    FJMC: d.fileName,
    FJLX: d.fileType,
    FJID: d.fileUrl,
  });
}
