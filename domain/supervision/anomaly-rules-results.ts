/** The finish rules: A3 二次办结 (a case finished twice, or a duplicate finish) and A4 办结无结果材料. */
import { DAY_MS, isFinish, ms, text, type AnomalyRule, type FlagDraft } from './anomaly-rule.ts';

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
