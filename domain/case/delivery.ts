/**
 * 送达 (办法 §18) — a paper result is collected at the window (the recipient signs) or posted (with the
 * tracking number). DELIVERED without those facts is CASE_PAYLOAD_INVALID.
 */
import type { CaseEvent, DeliveryMethod } from './case-event.ts';
import { requireOneOf, requireText } from './case-payload.ts';

export function checkDelivery(event: Pick<CaseEvent, 'type' | 'payload'>): DeliveryMethod {
  const method = requireOneOf(event, 'method', ['pickup', 'mail'] as const);
  if (method === 'pickup') requireText(event, 'recipient');
  else requireText(event, 'trackingNumber');
  return method;
}
