/**
 * HTTP client of the SMS gateway (短信网关). Contract (ours until the gateway's is known; the fake
 * in sms.fake-server.ts implements the same):
 *   POST {baseUrl}/v1/messages
 *   headers  X-Api-Key: <apiKey>, Idempotency-Key: <key>
 *   body     { templateId, params, phones }
 *   200      { messageId }            (same Idempotency-Key → same messageId)
 *   4xx      { code, message }        → RejectedByOutsideError(reason = message)
 */
import type { Logger } from '../logger.ts';
import { callOutside } from '../outside-http.ts';
import { RetryableOutsideError } from '../outside-errors.ts';
import type { SmsGateway, SmsSendRequest, SmsSendResult } from './sms.port.ts';
import { checkSmsParams } from './templates.ts';

export interface SmsClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  logger?: Logger;
}

export function createSmsClient(options: SmsClientOptions): SmsGateway {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    async send(request: SmsSendRequest): Promise<SmsSendResult> {
      checkSmsParams(request.templateId, request.params);
      const { body } = await callOutside<Partial<SmsSendResult>>({
        system: 'sms',
        operation: 'send',
        method: 'POST',
        url: `${baseUrl}/v1/messages`,
        headers: { 'x-api-key': options.apiKey, 'idempotency-key': request.idempotencyKey },
        body: JSON.stringify({ templateId: request.templateId, params: request.params, phones: request.phones }),
        timeoutMs: options.timeoutMs,
        logger: options.logger,
      });
      if (typeof body.messageId !== 'string' || body.messageId === '') {
        throw new RetryableOutsideError('sms', 'send', 'bad-response', { reason: 'no messageId in the answer' });
      }
      options.logger?.info(
        { templateId: request.templateId, messageId: body.messageId, recipients: request.phones.length },
        'sms sent',
      );
      return { messageId: body.messageId };
    },
  };
}
