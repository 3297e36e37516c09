import { describe, expect, it } from 'vitest';
import { assertFlagTransition, type FlagActor, type FlagStatus } from './flag-status.ts';

describe('flag transitions', () => {
  it.each<[FlagStatus, FlagStatus, FlagActor, boolean]>([
    ['OPEN', 'EXPLAINED', 'DEPARTMENT', true],
    ['OPEN', 'CONFIRMED', 'DEPARTMENT', false],
    ['OPEN', 'DISMISSED', 'SUPERVISOR', true],
    ['EXPLAINED', 'CONFIRMED', 'SUPERVISOR', true],
    ['EXPLAINED', 'EXPLAINED', 'DEPARTMENT', false],
    ['CONFIRMED', 'DISMISSED', 'SUPERVISOR', false],
    ['DISMISSED', 'OPEN', 'SUPERVISOR', false],
    ['OPEN', 'EXPLAINED', 'SUPERVISOR', false],
  ])('%s → %s by %s allowed: %s', (from, to, by, ok) => {
    const call = () => assertFlagTransition(from, to, by, '已核实');
    if (ok) expect(call).not.toThrow();
    else expect(call).toThrow(expect.objectContaining({ code: 'FLAG_ILLEGAL_TRANSITION' }));
  });

  it('requires a note', () => {
    expect(() => assertFlagTransition('OPEN', 'DISMISSED', 'SUPERVISOR', ' ')).toThrow(
      expect.objectContaining({ code: 'FLAG_NOTE_REQUIRED' }),
    );
  });
});
