/**
 * Every supervision rule, and one case evaluated against all of them with the parameters in force
 * (defaults, city overrides, item overrides). The version set is what a report archives.
 */
import { paramsFor, type AnomalyFlag, type AnomalyRule, type CaseFacts, type RuleOverrides } from './anomaly-rule.ts';
import { ANOMALY_RULES } from './anomaly-rules.ts';
import { missingYearOf } from '../calendar/working-calendar.ts';
import { PROCEDURE_RULES } from './procedure-rules.ts';

export const SUPERVISION_RULES: readonly AnomalyRule[] = [...ANOMALY_RULES, ...PROCEDURE_RULES];

export function ruleVersions(rules: readonly AnomalyRule[] = SUPERVISION_RULES): Record<string, number> {
  return Object.fromEntries(rules.map((r) => [r.code, r.version]));
}

/**
 * The flags of one case. A rule that needs a day of a year the working-day calendar lacks cannot judge
 * yet and raises nothing now; it judges on the next pass after the year is loaded.
 */
export function evaluateCase(
  facts: CaseFacts,
  overrides: RuleOverrides = {},
  rules: readonly AnomalyRule[] = SUPERVISION_RULES,
): AnomalyFlag[] {
  return rules.flatMap((rule) => {
    const params = paramsFor(rule, facts.item.itemCode, overrides);
    let drafts;
    try {
      drafts = rule.evaluate(facts, params);
    } catch (err) {
      if (missingYearOf(err, facts.calendar) === null) throw err;
      return [];
    }
    return drafts.map((draft) => ({
      ...draft,
      rule: rule.code,
      ruleVersion: rule.version,
      caseId: facts.caseId,
      params,
    }));
  });
}
