/** The use cases of demo time (演示模式, DEMO_TIME only): move the clock forward, read the fake gateway's text messages. */
import type { DemoTime } from '../domain/ports/demo-time.port.ts';
import { createAdvanceDemoClock } from './demo/advance-demo-clock.ts';
import { createListDemoSms } from './demo/list-demo-sms.ts';

export function createDemoUseCases(deps: DemoTime) {
  return { advanceDemoClock: createAdvanceDemoClock(deps), listDemoSms: createListDemoSms(deps) };
}
export type DemoUseCases = ReturnType<typeof createDemoUseCases>;
