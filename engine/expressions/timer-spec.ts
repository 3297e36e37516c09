/**
 * ISO-8601 timer values as Zeebe reads them: a duration (`PT1H`, `P3D`, `P1W`), a date-time with an
 * offset, `Z` or a `@Asia/Shanghai`-style zone, and cycles `R[n]/[start/]duration`.
 */

export class TimerSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimerSpecError';
  }
}

export interface Duration {
  years: number;
  months: number;
  days: number;
  ms: number;
}

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T'))
    throw new TimerSpecError(`not an ISO-8601 duration: "${text}"`);
  if (m[1]) throw new TimerSpecError(`negative durations are not allowed: "${text}"`);
  const n = (i: number) => Number(m[i] ?? 0);
  return {
    years: n(2),
    months: n(3),
    days: n(4) * 7 + n(5),
    ms: Math.round(((n(6) * 60 + n(7)) * 60 + n(8)) * 1000),
  };
}

export function addDuration(from: Date, d: Duration): Date {
  const t = new Date(from.getTime());
  if (d.years || d.months) t.setUTCMonth(t.getUTCMonth() + d.years * 12 + d.months);
  if (d.days) t.setUTCDate(t.getUTCDate() + d.days);
  return new Date(t.getTime() + d.ms);
}

const ZONES: Record<string, string> = {
  'Asia/Shanghai': '+08:00',
  'Asia/Hong_Kong': '+08:00',
  'Asia/Macau': '+08:00',
  UTC: 'Z',
  'Etc/UTC': 'Z',
};

export function parseDateTime(text: string): Date {
  let s = text.trim();
  const at = s.indexOf('@');
  if (at >= 0) {
    const zone = s.slice(at + 1);
    const offset = ZONES[zone];
    if (!offset) throw new TimerSpecError(`unsupported time zone "${zone}" in "${text}"`);
    s = s.slice(0, at) + offset;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    throw new TimerSpecError(`expected a date-time with a zone or offset, got "${text}"`);
  }
  const date = new Date(s);
  if (Number.isNaN(date.getTime())) throw new TimerSpecError(`invalid date-time "${text}"`);
  return date;
}

export interface Cycle {
  repetitions: number;
  interval: string;
  first: Date;
}

/** `R3/PT10M`, `R/P1D` (unbounded: -1), `R2/2026-01-01T00:00:00Z/PT1H`. */
export function parseCycle(text: string, now: Date): Cycle {
  const parts = text.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r || parts.length < 2 || parts.length > 3)
    throw new TimerSpecError(`not an ISO-8601 repeating interval: "${text}"`);
  const repetitions = r[1] === '' ? -1 : Number(r[1]);
  const interval = parts[parts.length - 1]!;
  const duration = parseDuration(interval);
  const first = parts.length === 3 ? parseDateTime(parts[1]!) : addDuration(now, duration);
  return { repetitions, interval, first };
}
