/**
 * A1–A10 (BRIEF §3) as data: code, version, defaults and a pure evaluation over one case's facts.
 * Article 27 (线下审批线上补录、违规暂停、办结无结果) is served by A8, A9 and A4; article 19 (procedure)
 * by procedure-rules.ts. Times are business times unless a rule says recorded times.
 * Durations in parameters: `_s` seconds, `_min` minutes, `_nd` natural days, `_wd` working days.
 */
import type { AnomalyRule } from './anomaly-rule.ts';
import { A3, A4 } from './anomaly-rules-results.ts';
import { A5, A6 } from './anomaly-rules-precheck.ts';
import { A7, A8, A9 } from './anomaly-rules-records.ts';
import { A1, A10, A2 } from './anomaly-rules-timing.ts';

export const ANOMALY_RULES: readonly AnomalyRule[] = [A1, A2, A3, A4, A5, A6, A7, A8, A9, A10];
