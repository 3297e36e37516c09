import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../calendar/shanghai-day.ts';
import { chineseDaysSource, holidaySource } from '../calendar/holiday-source.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockEvent, ClockKind } from './clock-event.ts';
import { DEFAULT_LADDER, ladderSchedule } from './escalation-ladder.ts';
import { evaluateClock } from './legal-clock.ts';
import type { Light } from './traffic-light.ts';

const calendar = createWorkingCalendar();
/** The same national data without 2026: what the system knew before the 2026 notice was loaded. */
const without2026 = (() => {
  const full = chineseDaysSource();
  const upTo2025 = (dates: ReadonlySet<string>) => [...dates].filter((d) => d < '2026');
  return createWorkingCalendar({ source: holidaySource(upTo2025(full.holidays), upTo2025(full.makeUpWorkdays)) });
})();
const RANK: Record<Light, number> = { GREEN: 0, YELLOW: 1, RED: 2 };
const MINUTE = 60_000;
const FROM = Date.parse('2025-01-01T00:00:00+08:00');
const SPAN = Date.parse('2026-03-01T00:00:00+08:00') - FROM;

type Step = { gap: number; op: 'PAUSE' | 'RESUME' | 'EXTEND'; days: number };
type Start = { at: number; shape: { kind: ClockKind; limit: number; unit: 'WD' | 'ND' } };

const clockStart: fc.Arbitrary<Start> = fc.record({
  at: fc.integer({ min: 0, max: SPAN / MINUTE }).map((m) => FROM + m * MINUTE),
  shape: fc.oneof(
    fc.record({
      kind: fc.constant<ClockKind>('ADMIN'),
      limit: fc.integer({ min: 1, max: 20 }),
      unit: fc.constant<'WD' | 'ND'>('WD'),
    }),
    fc.record({
      kind: fc.constant<ClockKind>('SPECIAL'),
      limit: fc.integer({ min: 1, max: 20 }),
      unit: fc.constantFrom<'WD' | 'ND'>('WD', 'ND'),
    }),
    fc.record({
      kind: fc.constant<ClockKind>('IMMEDIATE'),
      limit: fc.constant(0),
      unit: fc.constant<'WD' | 'ND'>('WD'),
    }),
  ),
});
const steps = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 6 * 24 * 60 }).map((m) => m * MINUTE),
    op: fc.constantFrom<Step['op']>('PAUSE', 'RESUME', 'EXTEND'),
    days: fc.integer({ min: 1, max: 5 }),
  }),
  { maxLength: 8 },
);

/** A legal history: ops that do not fit the state are turned into the one that does. */
function history(start: Start, ops: Step[], options: { endRunning?: boolean; limit?: number } = {}): ClockEvent[] {
  const events: ClockEvent[] = [
    { type: 'START', at: new Date(start.at), ...start.shape, limit: options.limit ?? start.shape.limit },
  ];
  let t = start.at;
  let paused = false;
  for (const step of ops) {
    t += step.gap;
    if (step.op === 'EXTEND')
      events.push({ type: 'EXTEND', at: new Date(t), days: step.days, by: 'lead', why: 'property' });
    else if (paused) events.push({ type: 'RESUME', at: new Date(t) });
    else events.push({ type: 'PAUSE', at: new Date(t), reason: 'SUPPLEMENT' });
    if (step.op !== 'EXTEND') paused = !paused;
  }
  if (paused && options.endRunning) events.push({ type: 'RESUME', at: new Date(t) });
  return events;
}
const lastAt = (events: ClockEvent[]) => events[events.length - 1]!.at.getTime();
const later = fc.integer({ min: 0, max: 20 * 24 * 60 }).map((m) => m * MINUTE);

describe('legal clock invariants', () => {
  it('pausing never shortens the remaining time', () => {
    fc.assert(
      fc.property(clockStart, steps, later, later, later, (start, ops, toPause, pauseFor, toNow) => {
        // given a running clock, and the same clock with one more pause
        const base = history(start, ops, { endRunning: true });
        const p = lastAt(base) + toPause;
        const paused = [
          ...base,
          { type: 'PAUSE', at: new Date(p), reason: 'SUPPLEMENT' } as const,
          { type: 'RESUME', at: new Date(p + pauseFor) } as const,
        ];
        const now = new Date(p + pauseFor + toNow);
        // when both are evaluated at the same instant, after the pause
        const without = evaluateClock(calendar, base, now);
        const withPause = evaluateClock(calendar, paused, now);
        // then the paused one has at least as much time left
        expect(withPause.remainingDays).toBeGreaterThanOrEqual(without.remainingDays!);
        expect(withPause.deadline!.getTime()).toBeGreaterThanOrEqual(without.deadline!.getTime());
        // and during the pause it is frozen with at least what it had when paused
        const during = evaluateClock(calendar, paused.slice(0, -1), new Date(p + pauseFor));
        expect(during.remainingDays).toBeGreaterThanOrEqual(evaluateClock(calendar, base, new Date(p)).remainingDays!);
      }),
      { numRuns: 400 },
    );
  });

  it('a pause and resume with no working time between them changes nothing', () => {
    const nonWorkingStretch = fc.record({
      toPause: later,
      within: fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * MINUTE),
      sameInstant: fc.boolean(),
    });
    fc.assert(
      fc.property(
        clockStart,
        steps,
        nonWorkingStretch,
        later,
        (start, ops, { toPause, within, sameInstant }, toNow) => {
          // given a running clock, and a pause-resume pair either at one instant or inside one run of non-working days
          const base = history(start, ops, { endRunning: true });
          const p = lastAt(base) + toPause;
          const r = sameInstant ? p : p + within;
          if (!sameInstant) {
            const scale = calendar.scale(start.shape.unit);
            fc.pre(!scale.isCounted(dayOf(p)) && scale.countThrough(dayOf(p)) === scale.countThrough(dayOf(r)));
          }
          const paused = [
            ...base,
            { type: 'PAUSE', at: new Date(p), reason: 'SUPPLEMENT' } as const,
            { type: 'RESUME', at: new Date(r) } as const,
          ];
          const now = new Date(r + toNow);
          // when both are evaluated after
          const { asOf: _a, pausedDays: _p, ...without } = evaluateClock(calendar, base, now);
          const { asOf: _b, pausedDays: _q, ...withPause } = evaluateClock(calendar, paused, now);
          // then nothing differs
          expect(withPause).toEqual(without);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a pause within one working day, before its end of day, changes nothing', () => {
    fc.assert(
      fc.property(
        clockStart,
        steps,
        later,
        fc.integer({ min: 0, max: 24 * 60 }),
        later,
        (start, ops, toPause, minutes, toNow) => {
          // given a pause and resume on the same counted day
          const base = history(start, ops, { endRunning: true });
          const p = lastAt(base) + toPause;
          const r = p + minutes * MINUTE;
          fc.pre(
            dayOf(p) === dayOf(r) &&
              calendar.scale(start.shape.unit).isCounted(dayOf(p)) &&
              r <= calendar.endOfDayMsOf(dayOf(p)),
          );
          const paused = [
            ...base,
            { type: 'PAUSE', at: new Date(p), reason: 'SUPPLEMENT' } as const,
            { type: 'RESUME', at: new Date(r) } as const,
          ];
          // when evaluated after
          const now = new Date(r + toNow);
          // then the deadline is the same
          expect(evaluateClock(calendar, paused, now).deadline).toEqual(evaluateClock(calendar, base, now).deadline);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the deadline grows weakly with the limit', () => {
    fc.assert(
      fc.property(clockStart, steps, fc.integer({ min: 1, max: 10 }), later, (start, ops, more, toNow) => {
        fc.pre(start.shape.kind !== 'IMMEDIATE');
        // given the same history with a limit and a larger one
        const small = history(start, ops, { endRunning: true });
        const large = history(start, ops, { endRunning: true, limit: start.shape.limit + more });
        const now = new Date(lastAt(small) + toNow);
        // when evaluated
        const a = evaluateClock(calendar, small, now);
        const b = evaluateClock(calendar, large, now);
        // then the larger limit is never due earlier nor has less left
        expect(b.deadline!.getTime()).toBeGreaterThanOrEqual(a.deadline!.getTime());
        expect(b.remainingDays).toBeGreaterThanOrEqual(a.remainingDays!);
      }),
      { numRuns: 400 },
    );
  });

  it('the light only goes back from red after an extension', () => {
    const samples = fc.array(
      fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => m * MINUTE),
      { minLength: 5, maxLength: 30 },
    );
    fc.assert(
      fc.property(clockStart, steps, samples, (start, ops, offsets) => {
        // given any history, sampled at its events and at random instants
        const events = history(start, ops);
        const instants = [...new Set([...events.map((e) => e.at.getTime()), ...offsets.map((o) => start.at + o)])].sort(
          (x, y) => x - y,
        );
        // when the light is read at each instant in order
        const lights = instants.map((t) => evaluateClock(calendar, events, new Date(t)).light);
        // then every step from RED to another colour has an extension in between
        for (let i = 1; i < instants.length; i += 1) {
          if (lights[i - 1] === 'RED' && lights[i] !== 'RED') {
            const extended = events.some(
              (e) => e.type === 'EXTEND' && e.at.getTime() > instants[i - 1]! && e.at.getTime() <= instants[i]!,
            );
            expect(extended).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a missing year hides only what it must, and what it shows is what the full calendar says', () => {
    fc.assert(
      fc.property(clockStart, steps, later, (start, ops, toNow) => {
        // given any history from 2025 into 2026, and a calendar that lacks 2026
        const events = history(start, ops);
        const now = new Date(lastAt(events) + toNow);
        // when it is evaluated with and without 2026
        const partial = evaluateClock(without2026, events, now);
        const full = evaluateClock(calendar, events, now);
        expect(full.calendarPendingYear).toBeNull();
        expect(partial.status).toBe(full.status);
        if (partial.calendarPendingYear === null) {
          // then a clock that needs nothing of 2026 is exactly the same
          expect(partial).toEqual(full);
          return;
        }
        // then a clock that needs 2026 says so, and every figure it gives is the full calendar's or below it
        expect(partial.calendarPendingYear).toBe(2026);
        if (partial.deadline) expect(partial.deadline).toEqual(full.deadline);
        if (partial.remainingDays !== null) expect(partial.remainingDays).toBe(full.remainingDays);
        if (partial.resumesWithDays !== null) expect(partial.resumesWithDays).toBe(full.resumesWithDays);
        // (elapsed is totalDays − remainingDays: a clock paused on its deadline day and resumed on a day off
        // has remainingDays 1 on that day — the next working day — so the full figure may be one lower there)
        expect(partial.elapsedDays).toBeLessThanOrEqual(full.elapsedDays + 1);
        if (partial.overdue) expect(full.overdue).toBe(true);
        expect(RANK[partial.light]).toBeLessThanOrEqual(RANK[full.light]);
      }),
      { numRuns: 600 },
    );
  });

  it('a rung the missing year lets fire is the rung the full calendar fires, same epoch, same instant', () => {
    fc.assert(
      fc.property(clockStart, steps, later, (start, ops, toNow) => {
        // given any history, evaluated with and without 2026
        const events = history(start, ops);
        const now = new Date(lastAt(events) + toNow);
        const partial = ladderSchedule(without2026, events, DEFAULT_LADDER, now);
        const full = ladderSchedule(calendar, events, DEFAULT_LADDER, now);
        // when a rung has an instant without 2026
        // then it has the same instant and epoch with it, so the ledger never fires it twice
        partial.forEach((rung, i) => {
          if (rung.dueAt)
            expect({ dueAt: rung.dueAt, epoch: rung.epoch }).toEqual({ dueAt: full[i]!.dueAt, epoch: full[i]!.epoch });
        });
      }),
      { numRuns: 600 },
    );
  });
});
