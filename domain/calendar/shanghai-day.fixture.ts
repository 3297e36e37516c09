/** Test fixture: Shanghai wall-clock text ↔ instants, so tables read like the calendar on the wall. */

/** `2025-09-30 10:00` or `2025-09-30 10:00:05` (Asia/Shanghai) → the instant. */
export function sh(text: string): Date {
  const [date, time = '00:00'] = text.split(' ');
  const seconds = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${seconds}+08:00`);
}

/** The instant written as Shanghai wall-clock `YYYY-MM-DD HH:MM:SS`. */
export function wall(instant: Date | null): string | null {
  if (!instant) return null;
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
