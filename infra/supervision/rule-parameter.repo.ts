/**
 * The supervision rules' parameters in force (rule_parameter: append-only, the newest row of a rule and
 * scope wins for the parameters it sets), as the RuleOverrides the rules are evaluated with, and their history.
 */
import { desc, max } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { ruleParameter } from '../db/schema.ts';
import type { RuleCode, RuleOverrides } from '../../domain/supervision/anomaly-rule.ts';

import type { ParameterChange } from '../../domain/ports/supervision-repository.port.ts';
import { CITY_SCOPE } from '../../domain/supervision/anomaly-rule.ts';

export { CITY_SCOPE, type ParameterChange };

/** Every change, newest first. */
export async function parameterHistory(db: DbOrTx): Promise<ParameterChange[]> {
  return db.select().from(ruleParameter).orderBy(desc(ruleParameter.id));
}

/** The overrides in force and the parameter version (the newest change's id; 0 before any). */
export async function currentOverrides(db: DbOrTx): Promise<{ overrides: RuleOverrides; version: number }> {
  const rows = await db.select().from(ruleParameter).orderBy(ruleParameter.id);
  const overrides: RuleOverrides = {};
  for (const r of rows) {
    const code = r.rule as RuleCode;
    // a change sets some parameters of a scope; the others keep their earlier values
    const into = r.scope === CITY_SCOPE ? (overrides.city ??= {}) : ((overrides.items ??= {})[r.scope] ??= {});
    into[code] = { ...into[code], ...r.params };
  }
  return { overrides, version: rows.at(-1)?.id ?? 0 };
}

export async function parameterVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ id: max(ruleParameter.id) }).from(ruleParameter);
  return row?.id ?? 0;
}

export async function setParameters(db: DbOrTx, change: Omit<ParameterChange, 'id'>): Promise<ParameterChange> {
  const [row] = await db.insert(ruleParameter).values(change).returning();
  return row!;
}
