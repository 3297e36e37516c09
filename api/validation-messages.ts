/**
 * Schema failures in Chinese, each naming its field (`body.x`, `querystring.x`, `params.x`): TypeBox's
 * own Simplified Chinese messages (typebox/system `Locale.zh_Hans`, the counterpart of ajv-i18n `zh`),
 * with the wordings people meet most said plainly — a type, a format, a required or unknown field.
 */
import { Locale } from 'typebox/system';

/** A schema failure as the validator reports it (ajv-shaped: keyword, instancePath, params). */
export interface SchemaFailure {
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const TYPES: Record<string, string> = {
  integer: '整数',
  number: '数字',
  string: '字符串',
  boolean: '布尔值 (true/false)',
  object: '对象',
  array: '数组',
  null: 'null',
};
const FORMATS: Record<string, string> = {
  'date-time': '日期时间 (ISO 8601,如 2026-06-01T09:00:00+08:00)',
  date: '日期 (YYYY-MM-DD)',
  uuid: 'UUID',
  email: '电子邮箱地址',
  uri: 'URI',
};

/** The Chinese message of one failure. */
export function validationMessage(failure: SchemaFailure): string {
  const p = failure.params ?? {};
  switch (failure.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(p.type ?? []).map((t) => TYPES[String(t)] ?? String(t));
      return `必须是${types.join('或')}`;
    }
    case 'format':
      return `格式须为${FORMATS[String(p.format)] ?? String(p.format)}`;
    case 'pattern':
      return `格式不符 (须匹配 ${String(p.pattern)})`;
    case 'required':
      return '必填';
    case 'additionalProperties':
    case 'boolean':
      return '不接受此字段';
    case 'anyOf':
    case 'oneOf':
    case 'enum':
    case 'const':
      return '取值不在允许范围内';
    default:
      try {
        return Locale.zh_Hans(failure as Parameters<typeof Locale.zh_Hans>[0]);
      } catch {
        return failure.message ?? '无效';
      }
  }
}

/**
 * Each failure with its field, as `errors` of the problem: the part (`body`, `querystring`, `params`)
 * and the JSON path, dotted, with a missing or unknown property named — one entry per missing
 * property, none twice.
 */
export function validationErrors(
  failures: readonly SchemaFailure[],
  part: string,
): { field: string; message: string }[] {
  const errors = failures.flatMap((v) => {
    const named = v.params?.missingProperty ?? v.params?.requiredProperties ?? v.params?.additionalProperties;
    const names = ([] as unknown[]).concat(named ?? []).filter((n): n is string => typeof n === 'string');
    const base = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const at = (name?: string) => [part, base, name].filter(Boolean).join('.');
    const message = validationMessage(v);
    return names.length ? names.map((name) => ({ field: at(name), message })) : [{ field: at(), message }];
  });
  return errors.filter((e, i) => errors.findIndex((o) => o.field === e.field && o.message === e.message) === i);
}
