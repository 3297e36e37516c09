/** The demo's printed lines: a heading, a step, a time in Beijing time. */
/** yyyy-mm-dd hh:mm in Asia/Shanghai (UTC+8, no daylight saving). */
export const chinaTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
export const say = (line: string) => console.log(line);
export const step = (line: string) => console.log(`  · ${line}`);
