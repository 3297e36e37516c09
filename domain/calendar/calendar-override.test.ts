import { describe, expect, it } from 'vitest';
import { regionChain, resolveOverrides } from './calendar-override.ts';

describe('calendar overrides', () => {
  it('walks a district up to the nation', () => {
    // given 香洲区 and 珠海市
    // when their chains are built
    // then each lists itself, its city, its province and the nation once
    expect(regionChain('440402')).toEqual(['440402', '440400', '440000', '000000']);
    expect(regionChain('440400')).toEqual(['440400', '440000', '000000']);
  });

  it('refuses a malformed region code', () => {
    // given a code that is not six digits
    // when its chain is asked
    // then it is refused
    expect(() => regionChain('4404')).toThrowError(expect.objectContaining({ code: 'INVALID_REGION_CODE' }));
  });

  it('refuses two different answers at the same level', () => {
    // given two city-level overrides disagreeing on one date
    const overrides = [
      { date: '2025-06-10', working: false, regionCode: '440400', reason: 'a' },
      { date: '2025-06-10', working: true, regionCode: '440400', reason: 'b' },
    ];
    // when they are resolved
    // then it is a conflict
    expect(() => resolveOverrides(overrides, '440402')).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_OVERRIDE_CONFLICT' }),
    );
  });
});
