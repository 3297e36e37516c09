/**
 * 演示模式 — demo time only: a clock people may move forward (never back), and the text messages the
 * local fake SMS gateway received. Never wired in production.
 */
import type { Clock } from './clock.port.ts';

export interface DemoClock extends Clock {
  /** Moves the clock forward by `ms`; the new time. */
  advance(ms: number): Date;
}

export interface SentMessage {
  templateId: string;
  phones: string[];
  text: string;
}

export interface DemoTime {
  clock: DemoClock;
  /** The messages the fake gateway received, oldest first (absent when a real gateway is configured). */
  sentMessages?: () => readonly SentMessage[];
}
