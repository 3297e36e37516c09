/**
 * The JSON body parser, in place of Fastify's: before anything else reads a body it is checked for
 * depth (a pre-scan of the text, so a 12,000-deep array never reaches JSON.parse or the validator's
 * recursion), parsed with Fastify's own prototype-poisoning guard, then walked once without recursion:
 * a limit on the number of values, every string value and key checked and string values normalised
 * (input-text.ts). Size is Fastify's `bodyLimit` (413). Bodies are JSON only: text/plain is not
 * accepted (415).
 */
import type { FastifyInstance } from 'fastify';
import { EdgeRefusal } from './edge-refusal.ts';
import { cleanText, fieldName, invalidCharacters } from './input-text.ts';
import { textFault } from '../../infra/db/storable-text.ts';

export const BODY_LIMITS = { maxDepth: 32, maxValues: 100_000 } as const;

/** True when the JSON text nests arrays/objects deeper than `max` (strings skipped, escapes honoured). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // jump to the closing quote: one not preceded by an odd run of backslashes
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return false; // unterminated: JSON.parse will refuse it
        let slashes = 0;
        while (text.charCodeAt(close - 1 - slashes) === 0x5c) slashes += 1;
        i = close;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** Checks every string and key of a parsed body and normalises string values, in place; iterative. */
export function cleanJsonBody(root: unknown, limits: { maxValues: number } = BODY_LIMITS): unknown {
  if (typeof root === 'string') return cleanText(root, 'body');
  let values = 1;
  const stack: { node: Record<string, unknown> | unknown[]; path: string }[] = [];
  if (root !== null && typeof root === 'object') stack.push({ node: root as Record<string, unknown>, path: 'body' });
  const visit = (container: Record<string, unknown> | unknown[], key: string | number, path: string) => {
    values += 1;
    if (values > limits.maxValues)
      throw new EdgeRefusal(400, 'BODY_TOO_COMPLEX', `请求体的值超过 ${limits.maxValues} 个`, 'body');
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value === 'string') (container as Record<string | number, unknown>)[key] = cleanText(value, path);
    else if (value !== null && typeof value === 'object') stack.push({ node: value as Record<string, unknown>, path });
  };
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) visit(node, i, `${path}.${i}`);
    } else {
      for (const key of Object.keys(node)) {
        const fault = textFault(key);
        if (fault) throw invalidCharacters(`${path}.${fieldName(key)}`, fault);
        visit(node, key, `${path}.${key}`);
      }
    }
  }
  return root;
}

export function addJsonBodyParser(app: FastifyInstance, limits = BODY_LIMITS): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, limits.maxDepth)) {
      done(new EdgeRefusal(400, 'BODY_TOO_DEEP', `请求体嵌套超过 ${limits.maxDepth} 层`, 'body'), undefined);
      return;
    }
    parseJson(request, text, (err, value) => {
      if (err) {
        done(err, undefined);
        return;
      }
      try {
        done(null, cleanJsonBody(value, limits));
      } catch (refusal) {
        done(refusal as Error, undefined);
      }
    });
  });
}
