/** The rules after 初步核对 passed: A5 初步核对后撤件 (withdrawn after it) and A6 初步核对通过不予受理. */
import type { RecordedCaseEvent } from '../case/case-event.ts';
import { acceptanceOf, DAY_MS, first, ms, type AnomalyRule } from './anomaly-rule.ts';

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
