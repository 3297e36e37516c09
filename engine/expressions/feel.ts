/**
 * FEEL as Zeebe uses it: a property starting with "=" is an expression, anything else a static
 * value. Evaluated with feelin plus the Camunda built-ins feelin lacks. Temporal results become ISO
 * strings. A result of the wrong type (a condition that is not a boolean, a collection that is not a
 * list…) is a FeelError, which the engine turns into an incident — never a silent null.
 */
import { randomUUID } from 'node:crypto';
import { evaluate, FeelFunction, parseExpression } from 'feelin';

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(`${message} (expression: ${expression})`);
    this.name = 'FeelError';
  }
}

const fn = (f: (...args: never[]) => unknown, params: string[]) =>
  new FeelFunction(f as (...args: unknown[]) => unknown, params);

/** Camunda 8 built-ins that feelin does not provide. */
const BUILT_INS: Record<string, unknown> = {
  'is defined': fn((value: unknown) => value !== null && value !== undefined, ['value']),
  'get or else': fn(
    (value: unknown, defaultValue: unknown) => (value === null || value === undefined ? defaultValue : value),
    ['value', 'default'],
  ),
  uuid: fn(() => randomUUID(), []),
  'random number': fn(() => Math.random(), []),
  'to json': fn((value: unknown) => JSON.stringify(toPlain(value)), ['value']),
  'from json': fn((value: string) => JSON.parse(value) as unknown, ['value']),
  'is empty': fn((list: unknown[]) => Array.isArray(list) && list.length === 0, ['list']),
};

export function isExpression(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.trimStart().startsWith('=');
}

/** Converts feelin values (temporal objects, ranges) into plain JSON values. */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const v = value as Record<string, unknown>;
  if (typeof v.iso === 'string') return v.iso;
  if (typeof v.toISO === 'function') return (v as { toISO(): string }).toISO();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof FeelFunction) return null;
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) out[k] = toPlain(inner);
  return out;
}

function run(expression: string, context: Record<string, unknown>): unknown {
  const body = expression.trimStart().slice(1);
  let result;
  try {
    result = evaluate(body, { ...context, ...BUILT_INS });
  } catch (err) {
    throw new FeelError(expression, `failed to evaluate: ${(err as Error).message}`);
  }
  return toPlain(result.value);
}

/** Evaluates a value that may be an expression or a static text. */
export function evalValue(text: string, context: Record<string, unknown>): unknown {
  return isExpression(text) ? run(text, context) : text;
}

export function evalBoolean(text: string, context: Record<string, unknown>): boolean {
  const value = evalValue(text, context);
  if (typeof value !== 'boolean') throw new FeelError(text, `expected a boolean but found ${describe(value)}`);
  return value;
}

export function evalList(text: string, context: Record<string, unknown>): unknown[] {
  const value = evalValue(text, context);
  if (!Array.isArray(value)) throw new FeelError(text, `expected a list but found ${describe(value)}`);
  return value;
}

/** Candidate groups/users: Zeebe wants a list of strings; a static text is a comma-separated list. */
export function evalStringList(text: string, context: Record<string, unknown>): string[] {
  if (!isExpression(text))
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const value = run(text, context);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new FeelError(text, `expected a list of strings but found ${describe(value)}`);
  }
  return value as string[];
}

export function evalString(text: string, context: Record<string, unknown>, what = 'a string'): string {
  const value = evalValue(text, context);
  if (typeof value !== 'string') throw new FeelError(text, `expected ${what} but found ${describe(value)}`);
  return value;
}

/** Correlation keys: a string or a number (converted), as Zeebe accepts. */
export function evalCorrelationKey(text: string, context: Record<string, unknown>): string {
  const value = evalValue(text, context);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string')
    throw new FeelError(text, `expected a string or number as correlation key but found ${describe(value)}`);
  return value;
}

export function evalOptionalString(text: string | null, context: Record<string, unknown>): string | null {
  if (text === null || text === '') return null;
  const value = evalValue(text, context);
  if (value === null) return null;
  if (typeof value !== 'string') throw new FeelError(text, `expected a string but found ${describe(value)}`);
  return value;
}

export function evalInt(text: string, context: Record<string, unknown>): number {
  const value = evalValue(text, context);
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new FeelError(text, `expected an integer but found ${describe(value)}`);
  return n;
}

/** Syntax check at deploy time: returns a message or null. */
export function checkSyntax(text: string | null | undefined): string | null {
  if (!text || !isExpression(text)) return null;
  const body = text.trimStart().slice(1);
  try {
    const tree = parseExpression(body, BUILT_INS, undefined) as unknown as {
      iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void;
    };
    let errorAt = -1;
    tree.iterate({
      enter(node) {
        if (node.type.isError && errorAt < 0) errorAt = node.from;
      },
    });
    return errorAt >= 0 ? `syntax error at position ${errorAt + 1}` : null;
  } catch (err) {
    return (err as Error).message;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
