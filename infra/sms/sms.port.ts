/**
 * 短信网关 — the SMS gateway port. The rest of the system sends SMS only through this interface;
 * `createSmsClient` implements it over HTTP, tests run it against `startFakeSms`.
 *
 * Errors: `RetryableOutsideError` (gateway down, timeout, 5xx, 429) — send again with the same
 * idempotency key; `RejectedByOutsideError` (bad key, bad phone number, unknown template, missing
 * parameter) — carries the gateway's reason.
 */
import type { SmsTemplateId } from './templates.ts';

export interface SmsSendRequest {
  templateId: SmsTemplateId;
  /** Values for the template's `{placeholders}`. */
  params: Readonly<Record<string, string>>;
  /** Chinese mobile numbers, 11 digits (1[3-9]xxxxxxxxx). */
  phones: readonly string[];
  /** Same key → same message, sent once (delivery to us is at least once). */
  idempotencyKey: string;
}

export interface SmsSendResult {
  messageId: string;
}

export interface SmsGateway {
  send(request: SmsSendRequest): Promise<SmsSendResult>;
}
