/**
 * The record-keeping rules (办法 §27): A7 办结后补齐补正 (supplements recorded after the finish), A8
 * 线下审批线上补录 (steps recorded long after, or in a burst) and A9 违规暂停 (pauses without what they must state).
 */
import { hasList, isFinish, MINUTE_MS, ms, text, type AnomalyRule, type FlagDraft } from './anomaly-rule.ts';

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
