/**
 * 短信网关 — the SMS gateway port. The rest of the system sends SMS only through this interface;
 * `createSmsClient` implements it over HTTP, tests run it against `startFakeSms`.
 *
 * Errors: `RetryableOutsideError` (gateway down, timeout, 5xx, 429) — send again with the same
 * idempotency key; `RejectedByOutsideError` (bad key, bad phone number, unknown template, missing
 * parameter) — carries the gateway's reason.
 */

/** The templates the system sends; their texts are infra/sms/templates.ts (checked against this list). */
export type SmsTemplateId =
  | 'SUPPLEMENT_NOTICE'
  | 'FORMAL_RECEIPT'
  | 'SPECIAL_PROCEDURE_STARTED'
  | 'SPECIAL_PROCEDURE_PASSED'
  | 'SPECIAL_PROCEDURE_FAILED'
  | 'RESULT_READY'
  | 'YELLOW_WARNING'
  | 'RED_WARNING'
  | 'ESCALATION'
  | 'SYNC_LAG_ALERT'
  | 'CALENDAR_YEAR_MISSING'
  | 'AUDIT_CHAIN_ALERT';

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
