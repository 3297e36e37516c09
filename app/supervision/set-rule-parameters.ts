/**
 * 设置规则参数 — city supervisors set some parameters of a rule, city-wide or for one item; each change
 * is a new version (never overwritten). Unknown names and bad values are refused naming every field.
 */
import { can } from '../../domain/access/policy.ts';
import { CITY_REGION, type Actor } from '../../domain/access/roles.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { checkRuleParams, CITY_SCOPE } from '../../domain/supervision/anomaly-rule.ts';
import { SUPERVISION_RULES } from '../../domain/supervision/supervision-rules.ts';
import { changeView, type ParameterChangeView } from './list-parameter-changes.ts';

export interface ParameterInput {
  itemCode?: string;
  params: Record<string, unknown>;
  reason: string;
}

export function createSetRuleParameters(deps: {
  supervision: SupervisionRepository;
  catalog: CatalogIndex;
  clock: Clock;
}) {
  return async function setRuleParameters(
    actor: Actor,
    code: string,
    input: ParameterInput,
  ): Promise<ParameterChangeView> {
    if (!can(actor, 'supervision.configure', { kind: 'region', regionCode: CITY_REGION }))
      throw new DomainError('FORBIDDEN', '监察规则参数由市工改办设置', { field: 'authorization' });
    const rule = SUPERVISION_RULES.find((r) => r.code === code);
    if (!rule) throw new DomainError('RULE_NOT_FOUND', `没有监察规则 ${code}`, { field: 'params.code' });
    if (input.itemCode !== undefined && !deps.catalog.hasItem(input.itemCode))
      throw new DomainError('RULE_ITEM_UNKNOWN', `审批事项 ${input.itemCode} 不在目录中`, { field: 'body.itemCode' });
    const problems = checkRuleParams(rule, input.params);
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', problems[0]!.message, { field: problems[0]!.field, errors: problems });
    const change = await deps.supervision.setParameters({
      rule: rule.code,
      scope: input.itemCode ?? CITY_SCOPE,
      params: input.params as Record<string, number>,
      setBy: actor.userId,
      reason: input.reason,
      setAt: deps.clock.now(),
    });
    return changeView(change);
  };
}
