/**
 * Where the system reads the time. Production uses the system clock; tests and the demo mode use a
 * manual clock that only moves when told to, so timers months away fire without sleeping.
 */
import { EventEmitter } from 'node:events';

export interface Clock {
  now(): Date;
  /** Subscribe to jumps of a manual clock (the scheduler re-checks due timers at once). */
  onAdvance(listener: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  onAdvance: () => () => {},
};

/** A clock that starts at a given instant and moves only by `advance`/`set`. */
export class ManualClock implements Clock {
  private offsetMs: number;
  private fixed: number | null;
  private readonly events = new EventEmitter();

  /**
   * `start` null: follows the system clock plus the accumulated advance (demo mode), which starts at
   * `advancedMs` (the advance restored after a restart, see infra/demo-clock.ts).
   */
  constructor(start: Date | null = new Date('2026-06-01T01:00:00Z'), advancedMs = 0) {
    if (advancedMs < 0) throw new Error('time only moves forward');
    this.fixed = start ? start.getTime() : null;
    this.offsetMs = advancedMs;
  }

  /** How far the clock has been moved forward in all. */
  advanced(): number {
    return this.offsetMs;
  }

  now(): Date {
    return new Date((this.fixed ?? Date.now()) + this.offsetMs);
  }

  advance(ms: number): Date {
    if (ms < 0) throw new Error('time only moves forward');
    this.offsetMs += ms;
    this.events.emit('advance');
    return this.now();
  }

  set(instant: Date): Date {
    const delta = instant.getTime() - this.now().getTime();
    return this.advance(delta);
  }

  onAdvance(listener: () => void): () => void {
    this.events.on('advance', listener);
    return () => this.events.off('advance', listener);
  }
}
