/**
 * The clock and the timeline on the wire: a legal clock as read now (with its light) and one case event
 * as the timeline shows it. Every field a person reads is documented here once.
 */
import { Type } from 'typebox';

export const Json = Type.Unknown();
/** 法定时限 — a clock as read now (domain/clock/legal-clock.ts); every field documented for the people who read it. */
export const ClockView = Type.Object({
  id: Type.String({
    description: "`<caseId>:ADMIN` for the item's clock, `<procedureId>:SPECIAL` for a special procedure's.",
  }),
  kind: Type.String({
    description:
      'ADMIN: 行政审批环节, working days; SPECIAL: 特别程序, its own limit in WD or ND; IMMEDIATE: 即办事项, due at the end of the receipt working day.',
  }),
  status: Type.String({
    description:
      'RUNNING, PAUSED (补正/特别程序/整改: no day is used while paused) or STOPPED (办结, 撤件, or the procedure ended).',
  }),
  pauseReason: Type.Union([Type.String(), Type.Null()], {
    description: 'While PAUSED: SUPPLEMENT (受理后补件), SPECIAL_PROCEDURE, RECTIFICATION (整改) or RETURNED (退件).',
  }),
  unit: Type.String({
    description:
      "WD: working days on the China calendar (holidays and 调休 make-up days, the region's own closures); ND: natural days.",
  }),
  startedAt: Type.String({
    description:
      'The formal receipt (正式收件, 办法 §11) or the start of the procedure. That day is not counted (民法典 §201).',
  }),
  limitDays: Type.Number({ description: 'The promised limit (承诺时限) in `unit`.' }),
  extensionDays: Type.Number({
    description: 'Days added by extensions (延期, decided by the lead department under 办法 §15).',
  }),
  totalDays: Type.Number({ description: 'limitDays + extensionDays.' }),
  deadline: Type.Union([Type.String(), Type.Null()], {
    description:
      'The end of the deadline day (23:59:59 Beijing time unless configured). Null while PAUSED, and while the deadline day lies in a year the working-day calendar lacks (see calendarPendingYear).',
  }),
  elapsedDays: Type.Number({
    description:
      'Days used: a counted day is used once the clock runs at its 00:00, so the receipt day is not, and a day on which the clock is paused during the day still is. While calendarPendingYear is set: the days the known years prove.',
  }),
  remainingDays: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Counted days after today (or after the pause or stop) up to the deadline day: 0 on the deadline day, negative once overdue. Null while a missing year hides it.',
  }),
  resumesWithDays: Type.Union([Type.Number(), Type.Null()], {
    description: 'While PAUSED: the days the clock resumes with (its remainingDays at the pause); else null.',
  }),
  pausedDays: Type.Number({ description: 'Counted days handed back by pauses so far.' }),
  overdue: Type.Boolean({
    description:
      'Past the deadline (超期, red). While calendarPendingYear is set, only when the known years already prove it.',
  }),
  light: Type.String({
    description:
      'GREEN; YELLOW from 00:00 of the working day before the deadline day (ADMIN), of the 2nd day before it in its own unit (SPECIAL), or from receipt (IMMEDIATE) — 办法 §20; RED once overdue. While calendarPendingYear is set: the least the known years prove.',
  }),
  calendarPendingYear: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'The year the working-day calendar lacks that this clock needs (its deadline day, or a day it ran, paused or resumed on); null when all is known. The system administrator loads it with PUT /api/v1/calendar/years/{year}; every figure is exact from the next read on.',
  }),
  paused: Type.Boolean({ description: 'status = PAUSED.' }),
  pausedAt: Type.Union([Type.String(), Type.Null()], { description: 'When the open pause began.' }),
});
export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  blzt: Type.Union([Type.Integer(), Type.Null()]),
  businessTime: Type.String(),
  recordedAt: Type.String(),
  actor: Type.Object({
    userId: Type.String(),
    role: Type.String(),
    departmentCode: Type.Union([Type.String(), Type.Null()]),
  }),
  payload: Json,
});
