/**
 * 整改完成 — after a failed special procedure the applicant (or the window) reports the rectification;
 * the diagram records RECTIFIED as them and runs the procedure again.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import { MESSAGES } from '../../domain/process-contract.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { readableCase } from '../cases/case-scope.ts';
import { assertApplicantSide } from './hand-in-supplement.ts';
import { eventActorOf } from './submit-application.ts';

export function createReportRectification(deps: { store: Store }) {
  return async function reportRectification(actor: Actor, caseId: string): Promise<{ accepted: true }> {
    const { row, resource } = await readableCase(deps.store.read, actor, caseId);
    assertApplicantSide(actor, resource);
    if (row.state !== 'RECTIFICATION' && row.state !== 'SPECIAL_PROCEDURE')
      throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},无待整改事项`, {
        field: 'params.caseId',
      });
    await deps.store.transaction((uow) =>
      uow.engine.publishMessage({
        name: MESSAGES.rectified,
        correlationKey: row.id,
        messageId: randomUUID(),
        timeToLiveMs: 3_600_000,
        variables: { rectifiedBy: eventActorOf(actor) },
      }),
    );
    return { accepted: true };
  };
}
