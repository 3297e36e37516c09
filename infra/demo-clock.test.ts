import { expect, it } from 'vitest';
import { demoClock } from './db/schema.ts';
import { openDemoClock } from './demo-clock.ts';
import { createLogger } from './logger.ts';
import { describeEachDatabase } from '../test/db.ts';

const DAY = 86_400_000;
const logger = createLogger('silent', { pretty: false });

describeEachDatabase('the demo clock', (getDb) => {
  it('follows real time from the start, then keeps its advance across a restart: demo time never moves back', async () => {
    // given a demo clock on a fresh database, moved forward 10 days and then 2 hours
    await getDb().db.delete(demoClock);
    const first = await openDemoClock({ database: getDb(), logger });
    expect(Math.abs(first.clock.now().getTime() - Date.now())).toBeLessThan(DAY);
    first.clock.advance(10 * DAY);
    first.clock.advance(2 * 3_600_000);
    const before = first.clock.now().getTime();
    // when the process stops and starts again
    await first.close();
    const second = await openDemoClock({ database: getDb(), logger });
    // then the advance is restored and demo time is not earlier than before the restart
    expect(second.clock.advanced()).toBe(10 * DAY + 2 * 3_600_000);
    expect(second.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    await second.close();
  });

  it('has stored an advance once flush resolves', async () => {
    // given a demo clock
    await getDb().db.delete(demoClock);
    const clock = await openDemoClock({ database: getDb(), logger });
    // when it is moved forward and flushed (the API answers an advance only then)
    clock.clock.advance(3 * DAY);
    await clock.flush();
    // then the database holds the advance
    expect((await getDb().db.select().from(demoClock))[0]).toMatchObject({ advancedMs: 3 * DAY });
    await clock.close();
  });

  it('is never earlier than the last advanced instant, even when the host clock went back', async () => {
    // given a stored advance to a demo instant later than real time plus the stored advance (the host clock was set back)
    await getDb().db.delete(demoClock);
    const advancedTo = new Date(Date.now() + 30 * DAY);
    await getDb().db.insert(demoClock).values({ id: 'demo', advancedMs: DAY, advancedTo, updatedAt: new Date() });
    // when the clock starts
    const restored = await openDemoClock({ database: getDb(), logger });
    // then it starts at that instant at the earliest
    expect(restored.clock.now().getTime()).toBeGreaterThanOrEqual(advancedTo.getTime());
    await restored.close();
  });

  it('keeps the furthest advance when two processes store theirs', async () => {
    // given two demo clocks on one database (two processes), one moved further than the other
    await getDb().db.delete(demoClock);
    const a = await openDemoClock({ database: getDb(), logger });
    const b = await openDemoClock({ database: getDb(), logger });
    a.clock.advance(5 * DAY);
    b.clock.advance(DAY);
    // when both have stored their advance and a third starts
    await Promise.all([a.close(), b.close()]);
    const c = await openDemoClock({ database: getDb(), logger });
    // then the furthest advance is restored
    expect(c.clock.advanced()).toBe(5 * DAY);
    await c.close();
  });
});
