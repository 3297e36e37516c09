/**
 * Reading and checking event payloads. A payload that lacks what its event type needs is
 * DomainError('CASE_PAYLOAD_INVALID') naming the event type and the field.
 */
import { DomainError } from '../errors.ts';
import type { CaseEvent } from './case-event.ts';

type Ev = Pick<CaseEvent, 'type' | 'payload'>;

export function payloadInvalid(event: Ev, field: string, message: string): DomainError {
  return new DomainError('CASE_PAYLOAD_INVALID', `${event.type}: ${message}`, { event: event.type, field });
}

export function requireText(event: Ev, field: string): string {
  const value = event.payload[field];
  if (typeof value !== 'string' || value.trim() === '') throw payloadInvalid(event, field, `${field} 必须是非空字符串`);
  return value;
}

export function optionalText(event: Ev, field: string): string | null {
  const value = event.payload[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw payloadInvalid(event, field, `${field} 必须是字符串`);
  return value;
}

export function requireOneOf<T extends string>(event: Ev, field: string, values: readonly T[]): T {
  const value = event.payload[field];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw payloadInvalid(event, field, `${field} 必须是 ${values.join(' / ')} 之一,实为 ${String(value)}`);
  }
  return value as T;
}

/** A whole number of days, ≥ 1 when `positive`. */
export function requireDays(event: Ev, field: string, positive: boolean): number {
  const value = event.payload[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (positive ? 1 : 0)) {
    throw payloadInvalid(event, field, `${field} 必须是${positive ? '正' : '非负'}整数,实为 ${String(value)}`);
  }
  return value;
}

/**
 * Material references of a list: material ids as strings, or objects with `materialId` (a notice's
 * entries carry names and reasons too). Free-text entries (a department asking for "修改稿") are kept
 * as they are.
 */
export function materialRefs(event: Ev, field: string, options: { required: boolean; nonEmpty?: boolean }): string[] {
  const value = event.payload[field];
  if (value === undefined || value === null) {
    if (options.required) throw payloadInvalid(event, field, `${field} 缺失`);
    return [];
  }
  if (!Array.isArray(value)) throw payloadInvalid(event, field, `${field} 必须是数组`);
  const refs = value.map((entry, i) => {
    if (typeof entry === 'string' && entry.trim() !== '') return entry;
    if (entry && typeof entry === 'object' && typeof (entry as { materialId?: unknown }).materialId === 'string')
      return (entry as { materialId: string }).materialId;
    throw payloadInvalid(event, `${field}[${i}]`, `${field}[${i}] 既不是材料编号也不是含 materialId 的对象`);
  });
  if (options.nonEmpty && refs.length === 0) throw payloadInvalid(event, field, `${field} 至少列出一项材料`);
  return [...new Set(refs)];
}
