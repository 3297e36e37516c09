/**
 * A1–A10 (BRIEF §3) as data: code, version, defaults and a pure evaluation over one case's facts.
 * Article 27 (线下审批线上补录、违规暂停、办结无结果) is served by A8, A9 and A4; article 19 (procedure)
 * by procedure-rules.ts. Times are business times unless a rule says recorded times.
 * Durations in parameters: `_s` seconds, `_min` minutes, `_nd` natural days, `_wd` working days.
 */
import type { RecordedCaseEvent } from '../case/case-event.ts';
import {
  DAY_MS,
  isFinish,
  MINUTE_MS,
  type AnomalyRule,
  type CaseFacts,
  type FlagDraft,
  type RuleParams,
} from './anomaly-rule.ts';

const ms = (d: Date) => d.getTime();
const first = (events: readonly RecordedCaseEvent[], type: RecordedCaseEvent['type']) =>
  events.find((e) => e.type === type) ?? null;
const acceptanceOf = (events: readonly RecordedCaseEvent[]) => first(events, 'ACCEPTED') ?? first(events, 'RECEIPT');
const ENDED = new Set(['WITHDRAWN', 'NOT_ACCEPTED', 'REVOKED']);
const isOpen = (events: readonly RecordedCaseEvent[]) => !events.some((e) => isFinish(e) || ENDED.has(e.type));
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const hasList = (v: unknown) => Array.isArray(v) && v.length > 0;

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

export const A3: AnomalyRule = {
  code: 'A3',
  version: 1,
  nameZh: '二次办结',
  basis: ['§21'],
  defaults: { dup_window_nd: 30 },
  evaluate(facts, p) {
    const finishes = facts.events.filter(isFinish);
    const flags: FlagDraft[] = [];
    if (finishes.length >= 2)
      flags.push({
        key: 'case',
        severity: 'HIGH',
        evidenceSeqs: finishes.map((e) => e.seq),
        message: `同一办件办结 ${finishes.length} 次`,
      });
    const result = facts.events.find((e) => e.type === 'RESULT_ISSUED' && text(e.payload.docNumber) !== '');
    const finish = finishes[0];
    if (finish && result) {
      const docNumber = text(result.payload.docNumber);
      for (const s of facts.siblings ?? []) {
        if (s.caseId === facts.caseId || !s.finishedAt || s.resultDocNumber !== docNumber) continue;
        if (Math.abs(ms(s.finishedAt) - ms(finish.businessTime)) <= p.dup_window_nd! * DAY_MS) {
          flags.push({
            key: `dup:${s.caseId}`,
            severity: 'HIGH',
            evidenceSeqs: [finish.seq, result.seq],
            message: `同项目同事项同申请人在 ${p.dup_window_nd} 日内再次办结,文号相同(${docNumber},另见 ${s.caseId})`,
          });
        }
      }
    }
    return flags;
  },
};

/**
 * A4 (办法 §27 办结无结果): a finish with no result issued within the grace working day(s), or a result
 * without what it must carry — a document number always; for an approval of an item whose result is
 * an e-certificate, the certificate (or its file) too. Version 2: an approval of an item whose result
 * is a numbered document (批复、决定书) no longer needs a certificate (version 1 asked every approval
 * for one, and flagged plain approvals).
 */
export const A4: AnomalyRule = {
  code: 'A4',
  version: 2,
  nameZh: '办结无结果材料',
  basis: ['§21', '§27'],
  defaults: { result_grace_wd: 1, require_file_for_pass: 1 },
  evaluate(facts, p) {
    const finish = facts.events.find(isFinish);
    if (!finish) return [];
    const due = facts.calendar.addWorkingDays(finish.businessTime, p.result_grace_wd!);
    const results = facts.events.filter((e) => e.type === 'RESULT_ISSUED' && ms(e.businessTime) <= ms(due));
    if (results.length === 0) {
      if (ms(facts.now) <= ms(due)) return [];
      return [
        {
          key: 'missing',
          severity: 'HIGH',
          evidenceSeqs: [finish.seq],
          message: `办结后 ${p.result_grace_wd} 个工作日内无结果文书`,
        },
      ];
    }
    const pass = finish.payload.decision !== 'REJECTED';
    const needsCertificate = pass && facts.item.eCertResult && !!p.require_file_for_pass;
    const complete = results.some(
      (r) =>
        text(r.payload.docNumber) !== '' &&
        (!needsCertificate ||
          [r.payload.certificateId, r.payload.fileHash, r.payload.fileUrl].some((v) => text(v) !== '')),
    );
    if (complete) return [];
    const message = !pass
      ? '不予许可决定缺少文号'
      : needsCertificate
        ? '准予许可的结果缺少电子证照或文号'
        : '准予许可的结果文书缺少文号';
    return [
      { key: 'incomplete', severity: 'MEDIUM', evidenceSeqs: [finish.seq, ...results.map((r) => r.seq)], message },
    ];
  },
};

/** 初步核对通过: a PRECHECKED with no MISSING or DEFECTIVE material. */
const precheckPassed = (e: RecordedCaseEvent) =>
  e.type === 'PRECHECKED' &&
  Array.isArray(e.payload.results) &&
  !(e.payload.results as { status?: unknown }[]).some((r) => r.status === 'MISSING' || r.status === 'DEFECTIVE');

export const A5: AnomalyRule = {
  code: 'A5',
  version: 1,
  nameZh: '初步核对后撤件',
  basis: ['§21'],
  defaults: { resubmit_window_nd: 30 },
  evaluate(facts, p) {
    const withdrawal = first(facts.events, 'WITHDRAWN');
    if (!withdrawal) return [];
    const after =
      acceptanceOf(facts.events.filter((e) => e.seq < withdrawal.seq)) ??
      (facts.applicationEvents ?? []).find(
        (e) => precheckPassed(e) && ms(e.businessTime) <= ms(withdrawal.businessTime),
      ) ??
      null;
    if (!after) return [];
    const resubmitted = (facts.siblings ?? []).find(
      (s) =>
        s.caseId !== facts.caseId &&
        s.submittedAt &&
        ms(s.submittedAt) >= ms(withdrawal.businessTime) &&
        ms(s.submittedAt) - ms(withdrawal.businessTime) <= p.resubmit_window_nd! * DAY_MS,
    );
    return [
      {
        key: 'case',
        severity: resubmitted ? 'HIGH' : 'MEDIUM',
        evidenceSeqs: [after.seq, withdrawal.seq],
        message: `${after.type === 'PRECHECKED' ? '初步核对通过' : '受理'}后撤件${resubmitted ? `,${p.resubmit_window_nd} 日内重新申报(${resubmitted.caseId})` : ''}`,
      },
    ];
  },
};

export const A6: AnomalyRule = {
  code: 'A6',
  version: 1,
  nameZh: '初步核对通过不予受理',
  basis: ['§21'],
  defaults: {},
  evaluate(facts) {
    const refusal = first(facts.events, 'NOT_ACCEPTED');
    if (!refusal) return [];
    const passed = (facts.applicationEvents ?? []).find(
      (e) => precheckPassed(e) && ms(e.businessTime) <= ms(refusal.businessTime),
    );
    return passed
      ? [
          {
            key: 'case',
            severity: 'MEDIUM',
            evidenceSeqs: [passed.seq, refusal.seq],
            message: '初步核对通过后部门不予受理',
          },
        ]
      : [];
  },
};

const SUPPLEMENT_TYPES = new Set(['SUPPLEMENT_NOTICE', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENT_RECEIVED']);

export const A7: AnomalyRule = {
  code: 'A7',
  version: 1,
  nameZh: '办结后补齐补正',
  basis: ['§21', '§27'],
  defaults: {},
  evaluate(facts) {
    const finish = facts.events.find(isFinish);
    if (!finish) return [];
    return facts.events
      .filter(
        (e) =>
          SUPPLEMENT_TYPES.has(e.type) &&
          e.seq !== finish.seq &&
          (ms(e.businessTime) > ms(finish.businessTime) || ms(e.recordedAt) > ms(finish.recordedAt)),
      )
      .map((e) => ({
        key: `event:${e.seq}`,
        severity: 'HIGH' as const,
        evidenceSeqs: [finish.seq, e.seq],
        message: `办结后仍有补正记录(${e.type})`,
      }));
  },
};

export const A8: AnomalyRule = {
  code: 'A8',
  version: 1,
  nameZh: '线下审批线上补录',
  basis: ['§27'],
  defaults: { backfill_tolerance_wd: 1, backfill_burst_min: 15, backfill_burst_min_events: 3 },
  evaluate(facts, p) {
    const flags: FlagDraft[] = facts.events
      .filter((e) => facts.calendar.workingDaysBetween(e.businessTime, e.recordedAt) > p.backfill_tolerance_wd!)
      .map((e) => ({
        key: `event:${e.seq}`,
        severity: 'MEDIUM' as const,
        evidenceSeqs: [e.seq],
        message: `${e.type} 业务时间后 ${facts.calendar.workingDaysBetween(e.businessTime, e.recordedAt)} 个工作日才录入`,
      }));
    const steps = facts.events;
    if (steps.length >= p.backfill_burst_min_events!) {
      const rec = steps.map((e) => ms(e.recordedAt));
      const biz = steps.map((e) => e.businessTime);
      const recordedSpan = Math.max(...rec) - Math.min(...rec);
      const bizDays = facts.calendar.naturalDaysBetween(
        new Date(Math.min(...biz.map(ms))),
        new Date(Math.max(...biz.map(ms))),
      );
      if (recordedSpan <= p.backfill_burst_min! * MINUTE_MS && bizDays >= 1) {
        flags.push({
          key: 'burst',
          severity: 'HIGH',
          evidenceSeqs: steps.map((e) => e.seq),
          message: `${steps.length} 个环节在 ${Math.ceil(recordedSpan / MINUTE_MS)} 分钟内集中录入,业务时间跨 ${bizDays} 天`,
        });
      }
    }
    return flags;
  },
};

export const A9: AnomalyRule = {
  code: 'A9',
  version: 1,
  nameZh: '违规暂停',
  basis: ['§27'],
  defaults: {},
  evaluate(facts) {
    const flags: FlagDraft[] = [];
    for (const e of facts.events) {
      const problem =
        e.type === 'SUPPLEMENT_REQUESTED' && !hasList(e.payload.missing)
          ? '补正暂停未一次性告知所缺材料'
          : e.type === 'SPECIAL_PROCEDURE_STARTED' &&
              (text(e.payload.type) === '' || typeof e.payload.limit !== 'number')
            ? '特别程序暂停未载明类型或时限'
            : e.type === 'EXTENDED' && (text(e.payload.reason) === '' || typeof e.payload.days !== 'number')
              ? '延期未载明理由或天数'
              : null;
      if (problem) flags.push({ key: `event:${e.seq}`, severity: 'MEDIUM', evidenceSeqs: [e.seq], message: problem });
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

export const ANOMALY_RULES: readonly AnomalyRule[] = [A1, A2, A3, A4, A5, A6, A7, A8, A9, A10];
