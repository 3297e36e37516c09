/** 监察规则 — every rule with its version, basis, defaults and the parameters in force (city-wide and per item), and the parameter version. */
import { assertListScope } from '../../domain/access/list-scope.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { CITY_SCOPE, paramsFor } from '../../domain/supervision/anomaly-rule.ts';
import { SUPERVISION_RULES } from '../../domain/supervision/supervision-rules.ts';

export function createGetSupervisionRules(deps: { supervision: SupervisionRepository }) {
  return async function getSupervisionRules(actor: Actor) {
    assertListScope(actor, 'supervision.read', '仅限工改办监察人员');
    const { overrides, version } = await deps.supervision.currentOverrides();
    const rules = SUPERVISION_RULES.map((r) => ({
      code: r.code,
      nameZh: r.nameZh,
      version: r.version,
      basis: [...r.basis],
      defaults: r.defaults,
      city: paramsFor(r, CITY_SCOPE, { city: overrides.city ?? {} }),
      items: Object.fromEntries(
        Object.entries(overrides.items ?? {})
          .filter(([, byRule]) => byRule[r.code])
          .map(([item, byRule]) => [item, byRule[r.code]!]),
      ),
    }));
    return { parameterVersion: version, rules };
  };
}
