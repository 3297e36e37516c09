/**
 * Legal clock benchmark: deadline and light of 100,000 open clocks with pauses (target ≤ 1 s), and
 * the escalation ladder of the same clocks. Histories are generated from a fixed seed.
 */
import { performance } from 'node:perf_hooks';
import { createWorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { ClockEvent, ClockKind } from '../domain/clock/clock-event.ts';
import { DEFAULT_LADDER, dueRungs } from '../domain/clock/escalation-ladder.ts';
import { evaluateClock } from '../domain/clock/legal-clock.ts';

const CLOCKS = 100_000;
const HOUR = 3_600_000;
const NOW = new Date('2026-03-02T10:00:00+08:00');
/** Open clocks started within the last 50 days. */
const FROM = NOW.getTime() - 50 * 24 * HOUR;

let seed = 20250101;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

function openClock(): ClockEvent[] {
  const kind: ClockKind = random() < 0.8 ? 'ADMIN' : random() < 0.5 ? 'SPECIAL' : 'IMMEDIATE';
  let t = FROM + between(0, 40 * 24) * HOUR;
  const events: ClockEvent[] = [
    {
      type: 'START',
      at: new Date(t),
      kind,
      limit: kind === 'IMMEDIATE' ? 0 : between(1, 20),
      unit: kind === 'SPECIAL' && random() < 0.5 ? 'ND' : 'WD',
    },
  ];
  for (let pauses = between(1, 3); pauses > 0; pauses -= 1) {
    t += between(1, 48) * HOUR;
    events.push({ type: 'PAUSE', at: new Date(t), reason: 'SUPPLEMENT' });
    if (pauses === 1 && random() < 0.2) break; // still paused
    t += between(1, 72) * HOUR;
    events.push({ type: 'RESUME', at: new Date(t) });
  }
  if (random() < 0.1)
    events.push({ type: 'EXTEND', at: new Date(t + HOUR), days: between(1, 10), by: 'lead', why: 'bench' });
  return events;
}

const calendarStarted = performance.now();
const calendar = createWorkingCalendar();
const calendarMs = performance.now() - calendarStarted;

const clocks = Array.from({ length: CLOCKS }, openClock);

const started = performance.now();
const lights = { GREEN: 0, YELLOW: 0, RED: 0 };
let paused = 0;
for (const events of clocks) {
  const state = evaluateClock(calendar, events, NOW);
  lights[state.light] += 1;
  if (state.deadline === null) paused += 1;
}
const clockMs = performance.now() - started;

const ladderStarted = performance.now();
let due = 0;
for (const events of clocks) due += dueRungs(calendar, events, DEFAULT_LADDER, NOW).length;
const ladderMs = performance.now() - ladderStarted;

console.log(`calendar ${calendar.firstYear}–${calendar.lastYear} built in ${calendarMs.toFixed(1)} ms`);
console.log(
  `deadline + light of ${CLOCKS.toLocaleString('en')} open clocks with pauses: ${clockMs.toFixed(0)} ms (target ≤ 1000 ms)`,
);
console.log(`  lights ${JSON.stringify(lights)}, paused ${paused}`);
console.log(
  `escalation ladder (${DEFAULT_LADDER.length} rungs) of the same clocks: ${ladderMs.toFixed(0)} ms, ${due} rungs due`,
);
