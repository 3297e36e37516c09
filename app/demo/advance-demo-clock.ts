/** 演示时间 — a developer moves the demo clock forward, so clocks, lights and the warning ladder can be shown without waiting. */
import type { Actor } from '../../domain/access/roles.ts';
import type { DemoTime } from '../../domain/ports/demo-time.port.ts';
import { assertDeveloper } from './demo-access.ts';

const HOUR = 3_600_000;

export function createAdvanceDemoClock(deps: DemoTime) {
  return function advanceDemoClock(actor: Actor, hours: number): { now: string } {
    assertDeveloper(actor);
    return { now: deps.clock.advance(hours * HOUR).toISOString() };
  };
}
