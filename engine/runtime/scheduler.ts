/**
 * The timer scheduler: fires due timers from the timer table. It never sets a timeout longer than the
 * poll interval, so a timer months away is just a row; a manual clock's jump re-checks at once.
 */
import type { EventEmitter } from 'node:events';
import type { EngineClock } from '../clock.ts';
import type { EngineLogger } from '../logger.ts';

/** What the scheduler needs of the engine. */
export interface TimerSource {
  readonly signals: EventEmitter;
  fireDueTimers(): Promise<number>;
  expireMessages(): Promise<number>;
  nextTimerDue(): Promise<Date | null>;
}

export interface SchedulerState {
  running: boolean;
  lastTickAt: Date | null;
  fired: number;
  nextDueAt: Date | null;
}

export class TimerScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<void> | null = null;
  private again = false;
  private readonly state: SchedulerState = { running: false, lastTickAt: null, fired: 0, nextDueAt: null };
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly engine: TimerSource,
    private readonly clock: EngineClock,
    private readonly logger: EngineLogger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.state.running = true;
    this.unsubscribe = this.clock.onAdvance?.(() => void this.tick()) ?? null;
    this.engine.signals.on('timers', this.onArmed);
    void this.tick();
  }

  private readonly onArmed = () => {
    void this.schedule();
  };

  /** Fires everything due now; concurrent calls coalesce. Resolves when the clock's due timers fired. */
  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.again = false;
        try {
          let fired;
          do {
            fired = await this.engine.fireDueTimers();
            this.state.fired += fired;
          } while (fired > 0);
          if (Math.random() < 0.05) await this.engine.expireMessages();
        } catch (err) {
          this.logger.error({ err }, 'scheduler tick failed');
        }
      } while (this.again);
      this.state.lastTickAt = this.clock.now();
      this.ticking = null;
      await this.schedule();
    })();
    return this.ticking;
  }

  private async schedule(): Promise<void> {
    if (!this.running) return;
    let next: Date | null = null;
    try {
      next = await this.engine.nextTimerDue();
    } catch {
      /* closed database */
    }
    this.state.nextDueAt = next;
    const wait = next ? Math.max(0, Math.min(this.pollMs, next.getTime() - this.clock.now().getTime())) : this.pollMs;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }

  status(): SchedulerState {
    return { ...this.state };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.state.running = false;
    this.unsubscribe?.();
    this.engine.signals.off('timers', this.onArmed);
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }
}
