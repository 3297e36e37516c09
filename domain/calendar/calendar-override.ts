/**
 * Per-jurisdiction calendar overrides (行政区划 — administrative division codes, e.g. 440400 珠海市,
 * 440402 香洲区): a local day off or a local working day on top of the national schedule, taken from the
 * regions' own notices (year-notice.ts). Overrides of a region apply to the regions under it; the most
 * specific region wins.
 */
import { DomainError } from '../errors.ts';
import type { LocalDate } from './shanghai-day.ts';

export interface CalendarOverride {
  date: LocalDate;
  working: boolean;
  /** Six-digit 行政区划代码; `000000` is national. */
  regionCode: string;
  reason: string;
}

/** The State Council's notices apply to every region. */
export const NATIONAL_REGION = '000000';

const REGION_CODE = /^\d{6}$/;

/** Region, its city, its province, national: `440402` → [`440402`, `440400`, `440000`, `000000`]. */
export function regionChain(regionCode: string): string[] {
  if (!REGION_CODE.test(regionCode)) {
    throw new DomainError('INVALID_REGION_CODE', `行政区划代码应为6位数字: ${regionCode}`, { regionCode });
  }
  const chain = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`, '000000'];
  return chain.filter((code, i) => chain.indexOf(code) === i);
}

/** 3 district, 2 city, 1 province, 0 national. */
function specificity(regionCode: string): number {
  if (regionCode === '000000') return 0;
  if (regionCode.endsWith('0000')) return 1;
  return regionCode.endsWith('00') ? 2 : 3;
}

/**
 * The override in force per date for `regionCode` (all given overrides when it is absent):
 * the most specific region wins; two different answers at the same level are a conflict.
 */
export function resolveOverrides(
  overrides: readonly CalendarOverride[],
  regionCode?: string,
): Map<LocalDate, CalendarOverride> {
  const chain = regionCode === undefined ? undefined : new Set(regionChain(regionCode));
  const chosen = new Map<LocalDate, CalendarOverride>();
  for (const override of overrides) {
    if (chain && !chain.has(override.regionCode)) continue;
    const current = chosen.get(override.date);
    if (!current || specificity(override.regionCode) > specificity(current.regionCode)) {
      chosen.set(override.date, override);
    } else if (
      specificity(override.regionCode) === specificity(current.regionCode) &&
      current.working !== override.working
    ) {
      throw new DomainError('CALENDAR_OVERRIDE_CONFLICT', `同级行政区划对 ${override.date} 的设置冲突`, {
        date: override.date,
        regionCodes: [current.regionCode, override.regionCode],
      });
    }
  }
  return chosen;
}
