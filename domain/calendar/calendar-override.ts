/**
 * Per-jurisdiction calendar overrides (行政区划 — administrative division codes, e.g. 440400 珠海市,
 * 440402 香洲区): a local day off or a local working day on top of the national schedule, and years
 * explicitly declared covered (the State Council notice is out, the holiday package is not yet).
 * Overrides of a region apply to the regions under it; the most specific region wins.
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

/**
 * A whole year declared covered: its days are weekends plus the overrides given. Only this extends the
 * calendar beyond the holiday package; a stray override in an unknown year does not.
 */
export interface DeclaredYear {
  year: number;
  /** The notice it comes from, e.g. 国办发明电〔2026〕X号. */
  source: string;
}

/** Where calendar inputs of a region come from (implemented by infra/db/calendar.repo.ts). */
export interface CalendarOverrideSource {
  loadForRegion(regionCode: string): Promise<{ overrides: CalendarOverride[]; declaredYears: DeclaredYear[] }>;
}

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
export function resolveOverrides(overrides: readonly CalendarOverride[], regionCode?: string): Map<LocalDate, CalendarOverride> {
  const chain = regionCode === undefined ? undefined : new Set(regionChain(regionCode));
  const chosen = new Map<LocalDate, CalendarOverride>();
  for (const override of overrides) {
    if (chain && !chain.has(override.regionCode)) continue;
    const current = chosen.get(override.date);
    if (!current || specificity(override.regionCode) > specificity(current.regionCode)) {
      chosen.set(override.date, override);
    } else if (specificity(override.regionCode) === specificity(current.regionCode) && current.working !== override.working) {
      throw new DomainError('CALENDAR_OVERRIDE_CONFLICT', `同级行政区划对 ${override.date} 的设置冲突`, {
        date: override.date,
        regionCodes: [current.regionCode, override.regionCode],
      });
    }
  }
  return chosen;
}
