/**
 * How the (fake) provincial system judges one pushed record, as the real one is observed to do
 * (BRIEF §5): known table, required fields, field forms, and references — a case (办件) must name a
 * project GCDM already received, a step / special procedure / result must name a case SPSXSLBM
 * already received. SJYXBS = 0 (a correction marking earlier data invalid) needs SJWXYY.
 */
import type { ProvinceRejectCode } from './province.port.ts';
import { CASE_CHILD_TABLES, FIELD_CHECKS, SPGL_TABLES, isSpglTable } from './spgl-tables.ts';

export interface KnownKeys {
  hasProject(gcdm: string): boolean;
  hasCase(spsxslbm: string): boolean;
}

export type RecordVerdict = { ok: true } | { ok: false; code: ProvinceRejectCode; reason: string };

const empty = (v: unknown) => v === undefined || v === null || v === '';

export function checkRecord(record: unknown, known: KnownKeys): RecordVerdict {
  if (!record || typeof record !== 'object') return { ok: false, code: 'INVALID_RECORD', reason: '记录不是对象' };
  const { table, op, dfsjzj, data } = record as Record<string, unknown>;
  if (typeof dfsjzj !== 'string' || dfsjzj === '')
    return { ok: false, code: 'INVALID_RECORD', reason: '缺少地方数据主键 DFSJZJ' };
  if (op !== 'UPSERT' && op !== 'INSERT')
    return { ok: false, code: 'INVALID_RECORD', reason: `不支持的操作：${String(op)}` };
  if (!isSpglTable(table)) return { ok: false, code: 'UNKNOWN_TABLE', reason: `未知的数据表：${String(table)}` };
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, code: 'INVALID_RECORD', reason: '缺少数据 data' };
  const row = data as Record<string, unknown>;

  const missing = SPGL_TABLES[table].required.filter((field) => empty(row[field]));
  if (missing.length > 0)
    return { ok: false, code: 'MISSING_FIELDS', reason: `${table} 缺少必填字段：${missing.join('、')}` };
  for (const [field, check] of Object.entries(FIELD_CHECKS)) {
    if (!empty(row[field]) && !check.test(row[field])) {
      return { ok: false, code: 'INVALID_FIELD', reason: `${table}.${field} 格式错误：${check.rule}` };
    }
  }
  if (row.SJYXBS === 0 && empty(row.SJWXYY)) {
    return { ok: false, code: 'MISSING_INVALID_REASON', reason: '数据有效标识为0时须填写数据无效原因 SJWXYY' };
  }

  const gcdm = typeof row.GCDM === 'string' ? row.GCDM : undefined;
  const needsProject = table === 'SPGL_XMSPSXBLXXB' || table === 'SPGL_XMDWXXB' || CASE_CHILD_TABLES.includes(table);
  if (needsProject && gcdm !== undefined && !known.hasProject(gcdm)) {
    return { ok: false, code: 'UNKNOWN_PROJECT', reason: `工程代码 ${gcdm} 在项目基本信息表中不存在` };
  }
  if (CASE_CHILD_TABLES.includes(table) && !known.hasCase(String(row.SPSXSLBM))) {
    return {
      ok: false,
      code: 'UNKNOWN_CASE',
      reason: `审批事项实例编码 ${String(row.SPSXSLBM)} 在事项办理信息表中不存在`,
    };
  }
  return { ok: true };
}
