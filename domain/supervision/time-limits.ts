/**
 * 时限监察 (办法 §20) — open cases counted by light, city-wide and per group (department, district,
 * stage, receiving window or channel). Pure: the caller evaluates each case's clock.
 */
import type { Light } from '../clock/traffic-light.ts';

export type TimeLimitGroupBy = 'department' | 'district' | 'stage' | 'window' | 'channel';

export interface TimeLimitCase {
  department: string;
  regionCode: string;
  stage: number;
  channel: string;
  /** The account that issued the formal receipt (收件窗口); null before the receipt. */
  receivedBy: string | null;
  status: string;
  light: Light;
  /** The year the working-day calendar lacks that the clock waits on (deadline unknown), or null. */
  calendarPendingYear: number | null;
}

/** `calendarPending`: clocks whose deadline waits on a year the calendar lacks (their light is a lower bound). */
export interface LightCounts {
  open: number;
  green: number;
  yellow: number;
  red: number;
  paused: number;
  calendarPending: number;
}

const groupKey = (c: TimeLimitCase, groupBy: TimeLimitGroupBy): string => {
  switch (groupBy) {
    case 'district':
      return c.regionCode;
    case 'stage':
      return String(c.stage);
    case 'window':
      return c.receivedBy ?? '(未收件)';
    case 'channel':
      return c.channel;
    default:
      return c.department;
  }
};

const empty = (): LightCounts => ({ open: 0, green: 0, yellow: 0, red: 0, paused: 0, calendarPending: 0 });
function add(into: LightCounts, c: TimeLimitCase): void {
  into.open++;
  if (c.status === 'PAUSED') into.paused++;
  if (c.calendarPendingYear !== null) into.calendarPending++;
  if (c.light === 'GREEN') into.green++;
  else if (c.light === 'YELLOW') into.yellow++;
  else into.red++;
}

/** The counts over every case and per group, the groups with the most red (then yellow) first. */
export function countLights(
  cases: readonly TimeLimitCase[],
  groupBy: TimeLimitGroupBy,
): { counts: LightCounts; groups: (LightCounts & { key: string })[] } {
  const counts = empty();
  const groups = new Map<string, LightCounts & { key: string }>();
  for (const c of cases) {
    const key = groupKey(c, groupBy);
    if (!groups.has(key)) groups.set(key, { key, ...empty() });
    add(groups.get(key)!, c);
    add(counts, c);
  }
  return {
    counts,
    groups: [...groups.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.key.localeCompare(b.key)),
  };
}
