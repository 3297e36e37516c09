/**
 * The use cases of electronic supervision (电子监察, 办法 §20–21): time-limit supervision, anomaly flags
 * and their handling, override codes, the rules' parameters — what the supervision routes call — and
 * the A1 check the task completion makes before a decision (the decision-guard port).
 */
import type { Calendars } from '../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { Clock } from '../domain/ports/clock.port.ts';
import type { DecisionChecks } from '../domain/ports/decision-checks.port.ts';
import type { Secrets } from '../domain/ports/secrets.port.ts';
import type { Store } from '../domain/ports/store.port.ts';
import type { SupervisionRepository } from '../domain/ports/supervision-repository.port.ts';
import { createCheckDecision } from './supervision/check-decision.ts';
import { createGetSupervisionRules } from './supervision/get-supervision-rules.ts';
import { createIssueOverrideCode } from './supervision/issue-override-code.ts';
import { createListAnomalies } from './supervision/list-anomalies.ts';
import { createListParameterChanges } from './supervision/list-parameter-changes.ts';
import { createListTimeLimits } from './supervision/list-time-limits.ts';
import { createSetRuleParameters } from './supervision/set-rule-parameters.ts';
import { createTransitionAnomaly } from './supervision/transition-anomaly.ts';

export interface SupervisionUseCaseDeps {
  store: Store;
  supervision: SupervisionRepository;
  checks: DecisionChecks;
  secrets: Secrets;
  calendars: Calendars;
  catalog: CatalogIndex;
  clock: Clock;
}

export function createSupervisionUseCases(deps: SupervisionUseCaseDeps) {
  return {
    listTimeLimits: createListTimeLimits(deps),
    listAnomalies: createListAnomalies(deps),
    transitionAnomaly: createTransitionAnomaly(deps),
    issueOverrideCode: createIssueOverrideCode(deps),
    getSupervisionRules: createGetSupervisionRules(deps),
    listParameterChanges: createListParameterChanges(deps),
    setRuleParameters: createSetRuleParameters(deps),
    /** The decision guard (A1 at decision time) the case use cases take. */
    checkDecision: createCheckDecision(deps),
  };
}
export type SupervisionUseCases = ReturnType<typeof createSupervisionUseCases>;
