/**
 * A local fake SMS gateway (短信网关) with the contract of sms.client.ts, for tests and the embedded
 * demo. It checks the API key (401), the template and its parameters (400), every phone number
 * against 1[3-9]\d{9} (400 naming the number), de-duplicates by Idempotency-Key, and records what it
 * accepted: `sent()` in code, `GET /messages` over HTTP (no key needed: the demo page reads it).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  startFakeServer,
  type FakeErrorBody,
  type FakeServer,
  type FakeServerOptions,
} from '../outside-fake-server.ts';
import { isSmsTemplateId, renderSms, templateParams, type SmsTemplateId } from './templates.ts';

export const CHINESE_MOBILE = /^1[3-9]\d{9}$/;

export interface FakeSmsMessage {
  messageId: string;
  idempotencyKey: string;
  templateId: SmsTemplateId;
  params: Record<string, string>;
  phones: string[];
  /** The rendered text, as the recipients would read it. */
  text: string;
  receivedAt: string;
}

export interface FakeSms extends FakeServer {
  /** Accepted messages in arrival order, each once. */
  sent(): FakeSmsMessage[];
}

export interface FakeSmsOptions extends FakeServerOptions {
  /** The API key the gateway expects in X-Api-Key. Default: 'dev-sms-key' (as infra/config.ts). */
  apiKey?: string;
}

interface SendBody {
  templateId: string;
  params: Record<string, string>;
  phones: string[];
}

const sendSchema = {
  type: 'object',
  required: ['templateId', 'params', 'phones'],
  properties: {
    templateId: { type: 'string' },
    params: { type: 'object', additionalProperties: { type: 'string' } },
    phones: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string' } },
  },
} as const;

export async function startFakeSms(options: FakeSmsOptions = {}): Promise<FakeSms> {
  const apiKey = options.apiKey ?? 'dev-sms-key';
  const messages: FakeSmsMessage[] = [];
  const byKey = new Map<string, FakeSmsMessage>();
  const fail = (code: string, message: string): FakeErrorBody => ({ code, message });

  const server = await startFakeServer(options, (app: FastifyInstance) => {
    app.get('/messages', async () => ({ messages }));

    app.post<{ Body: SendBody }>('/v1/messages', { schema: { body: sendSchema } }, async (request, reply) => {
      if (request.headers['x-api-key'] !== apiKey) return reply.code(401).send(fail('INVALID_API_KEY', 'API密钥无效'));
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || key === '')
        return reply.code(400).send(fail('MISSING_IDEMPOTENCY_KEY', '缺少幂等键 Idempotency-Key'));
      const { templateId, params, phones } = request.body;

      const earlier = byKey.get(key);
      if (earlier) {
        const same =
          earlier.templateId === templateId &&
          JSON.stringify(earlier.params) === JSON.stringify(params) &&
          earlier.phones.join() === phones.join();
        if (!same) return reply.code(422).send(fail('IDEMPOTENCY_KEY_REUSED', `幂等键 ${key} 已用于内容不同的短信`));
        return { messageId: earlier.messageId };
      }
      if (!isSmsTemplateId(templateId))
        return reply.code(400).send(fail('UNKNOWN_TEMPLATE', `短信模板不存在：${templateId}`));
      const missing = templateParams(templateId).filter((name) => !params[name]);
      if (missing.length > 0)
        return reply.code(400).send(fail('MISSING_PARAMS', `短信模板 ${templateId} 缺少参数：${missing.join('、')}`));
      const bad = phones.filter((phone) => !CHINESE_MOBILE.test(phone));
      if (bad.length > 0) return reply.code(400).send(fail('INVALID_PHONE', `手机号码格式错误：${bad.join('、')}`));

      const message: FakeSmsMessage = {
        messageId: `sms-${randomUUID()}`,
        idempotencyKey: key,
        templateId,
        params: { ...params },
        phones: [...phones],
        text: renderSms(templateId, params),
        receivedAt: new Date().toISOString(),
      };
      messages.push(message);
      byKey.set(key, message);
      return { messageId: message.messageId };
    });
  });

  return { ...server, sent: () => messages.map((m) => ({ ...m, params: { ...m.params }, phones: [...m.phones] })) };
}
