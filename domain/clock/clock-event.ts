/**
 * 法定时限计时 — the events of a legal clock. A clock is a list of these in time order; everything
 * else (deadline, remaining days, light, escalation) is derived from them and an instant "now".
 */
import type { DayUnit } from '../calendar/day-scale.ts';

/**
 * ADMIN — 行政审批环节, the item's administrative clock (working days);
 * SPECIAL — 特殊环节/特别程序, a special procedure with its own limit and unit;
 * IMMEDIATE — 即办事项, limit 0: due at the end of the acceptance working day.
 */
export type ClockKind = 'ADMIN' | 'SPECIAL' | 'IMMEDIATE';

/**
 * Why a clock stops counting:
 * SUPPLEMENT — 补齐补正/补件, materials asked of the applicant after acceptance;
 * RETURNED — 退件, the application sent back for rework;
 * SPECIAL_PROCEDURE — 特别程序, the ADMIN clock waits for a SPECIAL clock (行政许可法 §45);
 * RECTIFICATION — 整改, a failed special review awaiting the applicant's rectification.
 */
export const PAUSE_REASONS = ['SUPPLEMENT', 'RETURNED', 'SPECIAL_PROCEDURE', 'RECTIFICATION'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export type ClockEvent =
  /** 受理 / 开始计时 — starts counting `limit` days in `unit`. */
  | { type: 'START'; at: Date; kind: ClockKind; limit: number; unit: DayUnit }
  | { type: 'PAUSE'; at: Date; reason: PauseReason }
  | { type: 'RESUME'; at: Date }
  /** 延期 — adds `days` in the clock's unit (working days for ADMIN), decided by the lead department (办法 §15). */
  | { type: 'EXTEND'; at: Date; days: number; by: string; why: string }
  /** 办结 / 终止 — the clock ends; nothing after it. */
  | { type: 'STOP'; at: Date };
