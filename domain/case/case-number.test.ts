import { describe, expect, it } from 'vitest';
import { formatCaseNumber, isCaseNumber } from './case-number.ts';

describe('formatCaseNumber', () => {
  it('is ZH + the Shanghai date + a five-digit serial', () => {
    // given 2026-11-27T16:30Z, already the 28th in Zhuhai
    // when / then
    expect(formatCaseNumber(new Date('2026-11-27T16:30:00Z'), 123)).toBe('ZH2026112800123');
    expect(isCaseNumber('ZH2026112800123')).toBe(true);
    expect(isCaseNumber('ZH202611280012')).toBe(false);
  });

  it('refuses a serial outside 1..99999', () => {
    // given / when / then
    expect(() => formatCaseNumber(new Date(), 0)).toThrow(expect.objectContaining({ code: 'CASE_NUMBER_SERIAL' }));
    expect(() => formatCaseNumber(new Date(), 100_000)).toThrow(
      expect.objectContaining({ code: 'CASE_NUMBER_SERIAL' }),
    );
  });
});
