/**
 * The list scope of an action — which rows of a list an actor may see — read from the matrix
 * (policy.ts) before any one resource is at hand, for building list queries.
 */
import { DomainError } from '../errors.ts';
import { GRANTS, type Action } from './policy.ts';
import { CITY_REGION, type Actor } from './roles.ts';

/**
 * The widest set of resources of an action the actor may list, as a filter: `{}` all, a region, or a
 * department (within a region); null when no role grants the action. For building list queries.
 */
export function listScope(actor: Actor, action: Action): { departmentCode?: string; regionCode?: string } | null {
  let best: { departmentCode?: string; regionCode?: string } | null = null;
  const width = (s: { departmentCode?: string; regionCode?: string }) => (s.departmentCode ? 0 : s.regionCode ? 1 : 2);
  for (const role of actor.roles) {
    const grant = GRANTS[role][action];
    if (!grant || (grant.permission && !actor.permissions.includes(grant.permission))) continue;
    const region = actor.regionCode === CITY_REGION ? {} : { regionCode: actor.regionCode };
    const scope =
      grant.scope === 'any' || grant.scope === 'provisioned' || grant.scope === 'nonPlatform'
        ? {}
        : grant.scope === 'region' || grant.scope === 'city'
          ? region
          : { departmentCode: actor.departmentCode, ...region };
    if (!best || width(scope) > width(best)) best = scope;
  }
  return best;
}

/** The list scope of `action` (as `listScope`, with null for "no restriction"), or FORBIDDEN (403) when no role grants it. */
export function assertListScope(
  actor: Actor,
  action: Action,
  message = '无权执行此操作',
): { departmentCode: string | null; regionCode: string | null } {
  const scope = listScope(actor, action);
  if (!scope) throw new DomainError('FORBIDDEN', message, { field: 'authorization', action });
  return { departmentCode: scope.departmentCode ?? null, regionCode: scope.regionCode ?? null };
}
