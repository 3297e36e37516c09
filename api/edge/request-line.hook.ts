/**
 * The first check every request gets (an `onRequest` hook added before authentication): the URL and
 * the headers. Refused, naming the input:
 * - a URL longer than `maxUrlLength` (414 URI_TOO_LONG);
 * - malformed percent-encoding, or an escape that is not UTF-8 (400 BAD_URL) — in the path Fastify's
 *   router finds it first and the error handler answers the same;
 * - NUL or a lone surrogate in the path, a path parameter, a query name or value, or any header
 *   (400 INVALID_CHARACTERS);
 * - behind a proxy, a client address (X-Forwarded-For) that is not an IP address (400 INVALID_HEADER).
 * Path parameters and query values are normalised to NFC in place, before validation reads them.
 */
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EdgeRefusal } from './edge-refusal.ts';
import { cleanText, fieldName } from './input-text.ts';

export const MAX_URL_LENGTH = 8192;

const badUrl = (field: string) => new EdgeRefusal(400, 'BAD_URL', `${field} 的百分号编码无效`, field);

function decode(raw: string, field: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    throw badUrl(field);
  }
}

function cleanValues(target: Record<string, unknown>, part: string): void {
  for (const [key, value] of Object.entries(target)) {
    const field = `${part}.${fieldName(key)}`;
    cleanText(key, field);
    if (typeof value === 'string') target[key] = cleanText(value, field);
    else if (Array.isArray(value)) target[key] = value.map((v) => (typeof v === 'string' ? cleanText(v, field) : v));
  }
}

export function checkRequestLine(
  request: FastifyRequest,
  options: { maxUrlLength?: number; trustProxy?: boolean } = {},
): void {
  const url = request.url;
  if (url.length > (options.maxUrlLength ?? MAX_URL_LENGTH))
    throw new EdgeRefusal(414, 'URI_TOO_LONG', `请求地址超过 ${options.maxUrlLength ?? MAX_URL_LENGTH} 个字符`, 'url');
  // path parameters first: the router has decoded them, and their names make the better field
  if (request.params && typeof request.params === 'object')
    cleanValues(request.params as Record<string, unknown>, 'params');
  const q = url.indexOf('?');
  cleanText(decode(q < 0 ? url : url.slice(0, q), 'url', false), 'url');
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decode(rawName, `querystring.${fieldName(rawName)}`, true);
      const field = `querystring.${fieldName(name)}`;
      cleanText(name, field);
      if (eq >= 0) cleanText(decode(pair.slice(eq + 1), field, true), field);
    }
  }
  if (request.query && typeof request.query === 'object')
    cleanValues(request.query as Record<string, unknown>, 'querystring');
  for (const [name, value] of Object.entries(request.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') cleanText(v, `headers.${name}`);
  }
  if (options.trustProxy && isIP(request.ip) === 0)
    throw new EdgeRefusal(
      400,
      'INVALID_HEADER',
      '客户端地址 (X-Forwarded-For) 不是 IP 地址',
      'headers.x-forwarded-for',
    );
}

export function addRequestLineHook(
  app: FastifyInstance,
  options: { maxUrlLength?: number; trustProxy?: boolean } = {},
): void {
  app.addHook('onRequest', async (request) => checkRequestLine(request, options));
}
