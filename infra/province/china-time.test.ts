import { describe, expect, it } from 'vitest';
import { CHINA_TIMESTAMP, chinaTimestamp } from './china-time.ts';

describe('chinaTimestamp', () => {
  it('writes UTC instants in Beijing time with +08:00, across midnight', () => {
    // given instants in UTC / when written / then shifted by eight hours
    expect(chinaTimestamp(new Date('2025-06-03T02:15:02.789Z'))).toBe('2025-06-03T10:15:02+08:00');
    expect(chinaTimestamp(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01T00:00:00+08:00');
    expect(CHINA_TIMESTAMP.test(chinaTimestamp(new Date()))).toBe(true);
  });
});
