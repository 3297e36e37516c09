/**
 * 办件编号 — `ZH` + the Asia/Shanghai date of acceptance (yyyymmdd) + a five-digit city-wide serial, e.g.
 * ZH2026112800123. The serial comes from the caller (a database sequence); this only formats and checks.
 */
import { DomainError } from '../errors.ts';

export const CASE_NUMBER_PATTERN = /^ZH\d{8}\d{5}$/;

export function formatCaseNumber(acceptedAt: Date, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999) {
    throw new DomainError('CASE_NUMBER_SERIAL', `办件流水号 ${serial} 应在 1..99999 之间`, {
      field: 'serial',
      value: serial,
    });
  }
  const day = new Date(acceptedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZH${day}${String(serial).padStart(5, '0')}`;
}

export function isCaseNumber(value: unknown): value is string {
  return typeof value === 'string' && CASE_NUMBER_PATTERN.test(value);
}
