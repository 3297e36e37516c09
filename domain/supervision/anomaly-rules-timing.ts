/**
 * The timing rules: A1 秒办件 (decided too fast, a review step too fast, bursts of decisions), A2
 * 超长期未办结 (open, paused or in a special procedure too long) and A10 省级推送超时 (the province
 * record sent late). Durations in parameters: `_s` seconds, `_min` minutes, `_nd` natural days.
 */
import type { RecordedCaseEvent } from '../case/case-event.ts';
import {
  acceptanceOf,
  hasList,
  isFinish,
  isOpen,
  MINUTE_MS,
  ms,
  text,
  type AnomalyRule,
  type CaseFacts,
  type FlagDraft,
  type RuleParams,
} from './anomaly-rule.ts';

/** The least seconds between acceptance and a decision before A1(a) applies (即办 items have their own). */
export function minCaseDwellSeconds(facts: Pick<CaseFacts, 'item'>, params: RuleParams): number {
  return facts.item.immediate ? params.immediate_case_dwell_s! : params.min_case_dwell_s!;
}

/** A1(a) for a decision taken at `at`: the flag it would raise, or null. Used by the completion guard. */
export function secondsHandlingAt(
  facts: Pick<CaseFacts, 'item' | 'events'>,
  at: Date,
  params: RuleParams,
): FlagDraft | null {
  const accepted = acceptanceOf(facts.events);
  if (!accepted) return null;
  const dwellS = (ms(at) - ms(accepted.businessTime)) / 1000;
  const min = minCaseDwellSeconds(facts, params);
  if (dwellS >= min) return null;
  return {
    key: 'case',
    severity: 'HIGH',
    evidenceSeqs: [accepted.seq],
    message: `受理后 ${Math.round(dwellS)} 秒即办结(下限 ${min} 秒)`,
  };
}

export const A1: AnomalyRule = {
  code: 'A1',
  version: 1,
  nameZh: '秒办件',
  basis: ['§21'],
  defaults: {
    min_case_dwell_s: 600,
    immediate_case_dwell_s: 60,
    min_step_dwell_s: 60,
    min_opinion_chars: 10,
    burst_n: 5,
    burst_window_s: 120,
  },
  evaluate(facts, p) {
    const flags: FlagDraft[] = [];
    const finish = facts.events.find(isFinish);
    if (finish) {
      const flag = secondsHandlingAt(facts, finish.businessTime, p);
      if (flag) flags.push({ ...flag, evidenceSeqs: [...flag.evidenceSeqs, finish.seq] });
    }
    // (b) a review step: 部门开始办理 → 审查意见 too fast, with no attachment and a token opinion
    let received: RecordedCaseEvent | null = null;
    for (const e of facts.events) {
      if (e.type === 'REVIEW_STARTED') received = e;
      if (e.type === 'OPINION_RECORDED' && received) {
        const dwellS = (ms(e.businessTime) - ms(received.businessTime)) / 1000;
        const opinion = text(e.payload.opinion);
        if (dwellS < p.min_step_dwell_s! && !hasList(e.payload.attachments) && opinion.length < p.min_opinion_chars!) {
          flags.push({
            key: `step:${e.seq}`,
            severity: 'MEDIUM',
            evidenceSeqs: [received.seq, e.seq],
            message: `审查环节 ${Math.round(dwellS)} 秒提交,无附件,意见仅 ${opinion.length} 字`,
          });
        }
        received = null;
      }
    }
    return flags;
  },
};

/** A decision by a user, for A1(c) (bursts are across cases, so they are not part of one case's facts). */
export interface DecisionFact {
  caseId: string;
  userId: string;
  at: Date;
  seq: number;
}

/** A1(c): ≥ burst_n decisions by the same user within burst_window_s; one entry per burst (its last decision). */
export function decisionBursts(
  decisions: readonly DecisionFact[],
  p: RuleParams = A1.defaults,
): { userId: string; decisions: DecisionFact[] }[] {
  const byUser = new Map<string, DecisionFact[]>();
  for (const d of decisions) byUser.set(d.userId, [...(byUser.get(d.userId) ?? []), d]);
  const bursts: { userId: string; decisions: DecisionFact[] }[] = [];
  for (const [userId, list] of byUser) {
    const sorted = [...list].sort((a, b) => ms(a.at) - ms(b.at));
    let from = 0;
    let lastBurstEnd = -1;
    for (let i = 0; i < sorted.length; i++) {
      while (ms(sorted[i]!.at) - ms(sorted[from]!.at) > p.burst_window_s! * 1000) from++;
      if (i - from + 1 >= p.burst_n! && from > lastBurstEnd) {
        bursts.push({ userId, decisions: sorted.slice(from, i + 1) });
        lastBurstEnd = i;
      }
    }
  }
  return bursts;
}

export const A2: AnomalyRule = {
  code: 'A2',
  version: 1,
  nameZh: '超长期未办结',
  basis: ['§20', '§21'],
  defaults: { k: 1.5, max_open_nd: 90, max_pause_nd: 60, special_factor: 2 },
  evaluate(facts, p) {
    const accepted = acceptanceOf(facts.events);
    if (!accepted || !isOpen(facts.events)) return [];
    const flags: FlagDraft[] = [];
    const a = facts.admin;
    if (a && a.limitDays + a.extensionDays > 0 && a.elapsedDays > p.k! * (a.limitDays + a.extensionDays)) {
      flags.push({
        key: 'admin',
        severity: 'HIGH',
        evidenceSeqs: [accepted.seq],
        message: `已用 ${a.elapsedDays} 个工作日,超过时限 ${a.limitDays + a.extensionDays} 的 ${p.k} 倍`,
      });
    }
    const openNd = facts.calendar.naturalDaysBetween(accepted.businessTime, facts.now);
    if (openNd > p.max_open_nd!)
      flags.push({
        key: 'open',
        severity: 'HIGH',
        evidenceSeqs: [accepted.seq],
        message: `受理已 ${openNd} 个自然日未办结(上限 ${p.max_open_nd})`,
      });
    let supplement: RecordedCaseEvent | null = null;
    let special: RecordedCaseEvent | null = null;
    for (const e of facts.events) {
      if (e.type === 'SUPPLEMENT_REQUESTED') supplement = e;
      if (e.type === 'SUPPLEMENT_RECEIVED') supplement = null;
      if (e.type === 'SPECIAL_PROCEDURE_STARTED') special = e;
      if (e.type === 'SPECIAL_PROCEDURE_FINISHED') special = null;
    }
    if (supplement) {
      const nd = facts.calendar.naturalDaysBetween(supplement.businessTime, facts.now);
      if (nd > p.max_pause_nd!)
        flags.push({
          key: `pause:${supplement.seq}`,
          severity: 'MEDIUM',
          evidenceSeqs: [supplement.seq],
          message: `补正暂停已 ${nd} 个自然日(上限 ${p.max_pause_nd})`,
        });
    }
    if (special && typeof special.payload.limit === 'number') {
      const unit = special.payload.unit === 'ND' ? 'ND' : 'WD';
      const used = facts.calendar.daysBetween(special.businessTime, facts.now, unit);
      const cap = special.payload.limit * p.special_factor!;
      if (used > cap)
        flags.push({
          key: `pause:${special.seq}`,
          severity: 'MEDIUM',
          evidenceSeqs: [special.seq],
          message: `特别程序已 ${used} 个${unit === 'ND' ? '自然日' : '工作日'},超过时限的 ${p.special_factor} 倍(${cap})`,
        });
    }
    return flags;
  },
};

export const A10: AnomalyRule = {
  code: 'A10',
  version: 1,
  nameZh: '省级推送超时',
  basis: ['§5'],
  defaults: { sync_sla_min: 5 },
  evaluate(facts, p) {
    const sla = p.sync_sla_min! * MINUTE_MS;
    return (facts.syncs ?? []).flatMap((s) => {
      const lag = (s.syncedAt ? ms(s.syncedAt) : ms(facts.now)) - ms(s.recordedAt);
      if (lag <= sla) return [];
      return [
        {
          key: `sync:${s.seq}`,
          severity: 'LOW' as const,
          evidenceSeqs: [s.seq],
          message: s.syncedAt
            ? `推送滞后 ${Math.round(lag / MINUTE_MS)} 分钟`
            : `已 ${Math.round(lag / MINUTE_MS)} 分钟未推送`,
        },
      ];
    });
  },
};
