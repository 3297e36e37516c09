/** 撤件 / 撤回 — the project's owner withdraws a stage application before any of its items is decided. */
import { randomUUID } from 'node:crypto';
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import { MESSAGES } from '../../domain/process-contract.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { loadApplication, projectSide } from '../cases/case-scope.ts';

export function createWithdrawApplication(deps: { store: Store }) {
  return async function withdrawApplication(
    actor: Actor,
    applicationId: string,
    reason: string,
  ): Promise<{ accepted: true }> {
    const { application, cases, resource } = await loadApplication(deps.store.read, applicationId);
    assertCan(actor, 'project.write', projectSide(resource));
    if (application.state === 'DECIDED' || application.state === 'WITHDRAWN' || cases.some((c) => c.decision)) {
      throw new DomainError('CASE_ILLEGAL_TRANSITION', `申报 ${applicationId} 已不能撤回(${application.state})`, {
        field: 'params.id',
      });
    }
    await deps.store.transaction((uow) =>
      uow.engine.publishMessage({
        name: MESSAGES.withdrawn,
        correlationKey: applicationId,
        messageId: randomUUID(),
        timeToLiveMs: 3_600_000,
        variables: { withdrawnBy: actor.userId, withdrawReason: reason },
      }),
    );
    return { accepted: true };
  };
}
