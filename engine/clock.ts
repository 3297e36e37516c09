/**
 * Where the engine reads the time. Timers are rows with a due instant, so the engine needs `now()`
 * only; a clock that can jump (a test's or a demo's) tells the timer scheduler through `onAdvance`,
 * which then looks for due timers at once instead of at its next poll.
 */
export interface EngineClock {
  now(): Date;
  /** Subscribes to jumps of the clock; returns the unsubscribe function. Absent: a clock that never jumps. */
  onAdvance?(listener: () => void): () => void;
}

export const systemClock: EngineClock = { now: () => new Date() };
