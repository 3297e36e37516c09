/**
 * 统一项目代码 — the unified investment project code (BRIEF §4; GB/T 40058-2021, 发改投资〔2020〕1439号).
 *
 * Both forms match `^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$`:
 * - new (from 2020-11): YYMM of assignment + region + 中央业务指导部门 + project type + 5 random + 1 check
 *   digit. The check-digit algorithm (GB/T 40058 §4.7) was not available, so it is not checked here: the
 *   authoritative check is online 核验 against 广东省投资项目在线审批监管平台 (ProjectCodeVerifier);
 * - legacy (before 2020-11): a year 2015..2020 + region + industry + type (01 审批 / 02 核准 / 03 备案) + serial.
 *
 * Region: a GB/T 2260 province prefix is required, and inside Guangdong (44xxxx) the full code must be a
 * known one (guangdong-regions.ts); outside Guangdong or outside Zhuhai (4404xx) only warns (cross-region
 * projects exist). `now` is read in Asia/Shanghai.
 */
import { DomainError } from '../errors.ts';
import { GUANGDONG_REGION_CODES, ZHUHAI_REGION_CODES } from './guangdong-regions.ts';

import type { ProjectCodeVerification, ProjectCodeVerifier } from './project-code-verifier.ts';

export type { ProjectCodeVerification, ProjectCodeVerifier };

export const PROJECT_CODE_PATTERN = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;

/** GB/T 2260 province-level prefixes in 11..65 (mainland provinces, autonomous regions, municipalities). */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

/** The new format was introduced in Guangdong in November 2020. */
const NEW_FORMAT_SINCE = '2020-11';

export type ProjectCodeErrorCode = 'PROJECT_CODE_FORMAT' | 'PROJECT_CODE_DATE' | 'PROJECT_CODE_REGION';

export interface ParsedProjectCode {
  ok: true;
  kind: 'new' | 'legacy';
  /** `YYYY-MM` of assignment (new form). */
  yearMonth?: string;
  /** Year (legacy form). */
  year?: number;
  regionCode: string;
  warnings: string[];
}

export interface ProjectCodeError {
  ok: false;
  code: ProjectCodeErrorCode;
  message: string;
}

const fail = (code: ProjectCodeErrorCode, message: string): ProjectCodeError => ({ ok: false, code, message });

/** `YYYY-MM` of `now` in Asia/Shanghai (UTC+8, no daylight saving). */
function shanghaiYearMonth(now: Date): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function parseProjectCode(code: string, now: Date): ParsedProjectCode | ProjectCodeError {
  if (!PROJECT_CODE_PATTERN.test(code)) {
    return fail('PROJECT_CODE_FORMAT', `项目代码 ${code} 格式不正确,应为 XXXX-XXXXXX-XX-XX-XXXXXX`);
  }
  const [time, regionCode, , type] = code.split('-') as [string, string, string, string, string];
  const warnings: string[] = [];
  const current = shanghaiYearMonth(now);

  let parsed: Pick<ParsedProjectCode, 'kind' | 'yearMonth' | 'year'>;
  const asYear = Number(time);
  if (asYear >= 2015 && asYear <= 2020) {
    if (`${asYear}` > current.slice(0, 4)) return fail('PROJECT_CODE_DATE', `项目代码年份 ${asYear} 晚于当前年份`);
    if (!['01', '02', '03'].includes(type)) warnings.push(`旧版项目代码类型 ${type} 不是 01 审批/02 核准/03 备案`);
    parsed = { kind: 'legacy', year: asYear };
  } else {
    const month = Number(time.slice(2));
    if (month < 1 || month > 12)
      return fail('PROJECT_CODE_DATE', `项目代码赋码时间 ${time} 的月份 ${time.slice(2)} 无效`);
    const yearMonth = `20${time.slice(0, 2)}-${time.slice(2)}`;
    if (yearMonth > current) return fail('PROJECT_CODE_DATE', `项目代码赋码时间 ${yearMonth} 晚于当前 ${current}`);
    if (yearMonth < NEW_FORMAT_SINCE)
      warnings.push(`新版项目代码赋码时间 ${yearMonth} 早于新版代码启用时间 ${NEW_FORMAT_SINCE}`);
    parsed = { kind: 'new', yearMonth };
  }

  const province = regionCode.slice(0, 2);
  if (!PROVINCE_PREFIXES.has(province))
    return fail('PROJECT_CODE_REGION', `项目代码区划代码 ${regionCode} 不是有效的省级行政区划`);
  if (province !== '44') warnings.push(`区划代码 ${regionCode} 不属于广东省,非珠海市项目`);
  else if (!GUANGDONG_REGION_CODES.has(regionCode))
    return fail('PROJECT_CODE_REGION', `项目代码区划代码 ${regionCode} 不是广东省现行行政区划代码(GB/T 2260)`);
  else if (!ZHUHAI_REGION_CODES.has(regionCode))
    warnings.push(`区划代码 ${regionCode} 不属于珠海市(4404),请确认是否为跨区域项目`);

  return { ok: true, ...parsed, regionCode, warnings };
}

/** The parsed code, or a DomainError (PROJECT_CODE_*) with details `{ field: 'projectCode' }`. */
export function assertProjectCode(code: string, now: Date): ParsedProjectCode {
  const parsed = parseProjectCode(code, now);
  if (!parsed.ok) throw new DomainError(parsed.code, parsed.message, { field: 'projectCode', value: code });
  return parsed;
}

/**
 * The format check, then online 核验 (1439号: no case is accepted on a code that fails it). Throws
 * PROJECT_CODE_* for the format, PROJECT_CODE_UNVERIFIED when the platform does not know the code.
 */
export async function verifyProjectCode(
  code: string,
  now: Date,
  verifier: ProjectCodeVerifier,
): Promise<{ parsed: ParsedProjectCode; verification: ProjectCodeVerification }> {
  const parsed = assertProjectCode(code, now);
  const verification = await verifier.verify(code);
  if (!verification.valid) {
    throw new DomainError(
      'PROJECT_CODE_UNVERIFIED',
      `项目代码 ${code} 未通过投资项目在线审批监管平台核验${verification.reason ? `: ${verification.reason}` : ''}`,
      { field: 'projectCode', value: code },
    );
  }
  return { parsed, verification };
}

/** 工程代码 (GCDM) of the n-th 单项/分期 work beneath a project: `${projectCode}-NNN` (format not verified). */
export function engineeringCode(projectCode: string, n: number): string {
  if (!PROJECT_CODE_PATTERN.test(projectCode)) {
    throw new DomainError('PROJECT_CODE_FORMAT', `项目代码 ${projectCode} 格式不正确`, {
      field: 'projectCode',
      value: projectCode,
    });
  }
  if (!Number.isInteger(n) || n < 1 || n > 999) {
    throw new DomainError('ENGINEERING_CODE_SEQUENCE', `工程序号 ${n} 应在 1..999 之间`, { field: 'n', value: n });
  }
  return `${projectCode}-${String(n).padStart(3, '0')}`;
}
