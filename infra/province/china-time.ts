/** Timestamps as the province wants them: ISO 8601 in China Standard Time (北京时间, UTC+08:00, no DST). */

const OFFSET_MS = 8 * 60 * 60 * 1000;

/** e.g. 2025-06-03T10:15:02+08:00 (whole seconds). */
export function chinaTimestamp(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export const CHINA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+08:00$/;
