import { expect, it } from 'vitest';
import { pino } from 'pino';
import { describeEachDatabase } from '../../test/db.ts';
import { ManualClock } from '../clock.ts';
import { enqueue } from '../db/outbox.repo.ts';
import { syncAnomaly } from '../db/tables/outbox.table.ts';
import type { ProvincePush } from '../province/province.port.ts';
import type { SmsGateway, SmsSendRequest } from '../sms/sms.port.ts';
import { createSyncLagMonitor } from './sync-lag-monitor.ts';
import { createSyncRelay } from './sync-relay.ts';
import { createSyncOutbox } from './sync-status.ts';
import { projectStory } from './sync.fixtures.ts';

const logger = pino({ level: 'silent' });
const acceptAll: ProvincePush = {
  push: async (e) => ({ msgId: e.msgId, results: e.records.map((r) => ({ dfsjzj: r.dfsjzj, status: 'OK' as const })) }),
};

describeEachDatabase('sync lag monitor', (get) => {
  it('alerts once per incident past 4 minutes, records A10 past 5, and clears when the backlog drains', async () => {
    // given two unsent records and a monitor with a recording SMS gateway
    const clock = new ManualClock(new Date('2026-06-01T02:00:00Z'));
    const sent: SmsSendRequest[] = [];
    const sms: SmsGateway = {
      send: async (request) => {
        sent.push(request);
        return { messageId: String(sent.length) };
      },
    };
    const monitor = createSyncLagMonitor({
      database: get(),
      clock,
      logger,
      sms,
      phones: ['13800000000', '13900000000'],
    });
    await enqueue(get().db, projectStory(1, { cases: 0, steps: 0, recordedAt: clock.now() }));

    // when checked at 3 minutes, then at 4.5 minutes twice
    clock.advance(3 * 60_000);
    const early = await monitor.check();
    clock.advance(90_000);
    const first = await monitor.check();
    const second = await monitor.check();

    // then the alert opened and texted once, with the backlog and the lag in minutes
    expect(early).toMatchObject({ opened: false, notified: false, incidentId: null, backlog: 2 });
    expect(first).toMatchObject({ opened: true, notified: true, backlog: 2, anomaliesRecorded: 0 });
    expect(second).toMatchObject({ opened: false, notified: false, incidentId: first.incidentId });
    expect(sent).toEqual([
      {
        templateId: 'SYNC_LAG_ALERT',
        phones: ['13800000000', '13900000000'],
        idempotencyKey: `sync-lag-alert:${first.incidentId}`,
        params: { pendingCount: '2', lagMinutes: '4' },
      },
    ]);
    expect((await createSyncOutbox(get().db).health(clock.now())).incident).toMatchObject({ id: first.incidentId });

    // when 5.5 minutes have passed
    clock.advance(60_000);
    const late = await monitor.check();
    // then both unsent records are A10 anomalies (once)
    expect(late.anomaliesRecorded).toBe(2);
    expect((await monitor.check()).anomaliesRecorded).toBe(0);

    // when the relay sends them and the monitor checks again
    const relay = createSyncRelay({ database: get(), province: acceptAll, clock, logger });
    while ((await relay.runOnce()).claimed > 0);
    const after = await monitor.check();
    // then the incident clears; the anomalies carry the acknowledgement
    expect(after).toMatchObject({ cleared: true, backlog: 0, oldestUnsentAgeSeconds: 0 });
    const anomalies = await get().db.select().from(syncAnomaly);
    expect(anomalies.map((a) => (a.evidence as { lagMs: number }).lagMs)).toEqual([330_000, 330_000]);
    expect((await createSyncOutbox(get().db).health(clock.now())).openAnomalies).toBe(2);
  });
});
