/** 送达 — the paper result collected at the window (signed for) or posted (tracking number); refused before the result is issued. */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { readableCase } from '../cases/case-scope.ts';
import { eventActorOf } from './submit-application.ts';

export interface DeliveryInput {
  method: 'pickup' | 'mail';
  recipient?: string;
  trackingNumber?: string;
}

export function createRecordDelivery(deps: { store: Store; clock: Clock }) {
  return async function recordDelivery(
    actor: Actor,
    caseId: string,
    delivery: DeliveryInput,
    clientIp?: string,
  ): Promise<{ caseId: string; state: string }> {
    const { row, resource } = await readableCase(deps.store.read, actor, caseId);
    assertCan(actor, 'case.intake', resource);
    if (delivery.method === 'pickup' && !delivery.recipient)
      throw new DomainError('DELIVERY_RECIPIENT_REQUIRED', '窗口领取须记录签收人', { field: 'body.recipient' });
    if (delivery.method === 'mail' && !delivery.trackingNumber)
      throw new DomainError('DELIVERY_TRACKING_REQUIRED', '邮寄送达须记录运单号', { field: 'body.trackingNumber' });
    const now = deps.clock.now();
    const { state } = await deps.store
      .transaction((uow) =>
        uow.cases.appendEvent(
          {
            aggregateId: row.id,
            aggregate: 'CASE',
            type: 'DELIVERED',
            actor: eventActorOf(actor),
            businessTime: now,
            ...(clientIp ? { clientIp } : {}),
            payload: {
              method: delivery.method,
              ...(delivery.recipient ? { recipient: delivery.recipient } : {}),
              ...(delivery.trackingNumber ? { trackingNumber: delivery.trackingNumber } : {}),
            },
          },
          now,
        ),
      )
      .catch((err: unknown) => {
        if (
          err instanceof DomainError &&
          (err.code.includes('ILLEGAL_TRANSITION') || err.code === 'CASE_PAYLOAD_INVALID')
        )
          throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},不能送达`, {
            field: 'params.caseId',
          });
        throw err;
      });
    return { caseId: row.id, state };
  };
}
