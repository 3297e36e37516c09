/**
 * 监察核准码 — a supervisor issues a one-time code for a decision on one case that the A1 rule (秒办件)
 * would refuse, with a reason (at least 4 characters). The code is shown once; only its digest is kept;
 * it expires after 24 hours and is spent by the first decision that uses it (check-decision.ts).
 */
import { can, hasAction } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';

export const OVERRIDE_CODE_TTL_MS = 86_400_000;

export function createIssueOverrideCode(deps: {
  store: Store;
  supervision: SupervisionRepository;
  secrets: Secrets;
  clock: Clock;
}) {
  return async function issueOverrideCode(
    actor: Actor,
    caseId: string,
    reason: string,
  ): Promise<{ code: string; expiresAt: string }> {
    if (!hasAction(actor, 'supervision.act'))
      throw new DomainError('FORBIDDEN', '仅限工改办监察人员', { field: 'authorization' });
    const c = await deps.store.read.cases.itemCase(caseId);
    if (
      !c ||
      !can(actor, 'supervision.act', {
        kind: 'case',
        departmentCode: c.department,
        regionCode: c.regionCode,
        ownerUscc: '',
      })
    ) {
      throw new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field: 'params.caseId' });
    }
    if (reason.trim().length < 4)
      throw new DomainError('OVERRIDE_REASON_REQUIRED', '签发核准码须说明理由(至少 4 字)', { field: 'body.reason' });
    const code = deps.secrets.overrideCode();
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + OVERRIDE_CODE_TTL_MS);
    await deps.supervision.addOverrideCode({
      caseId,
      digest: deps.secrets.digest(code),
      issuedBy: actor.userId,
      reason,
      issuedAt: now,
      expiresAt,
    });
    return { code, expiresAt: expiresAt.toISOString() };
  };
}
