import { expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { ManualClock } from '../clock.ts';
import { createAuditRepo } from '../db/audit.repo.ts';
import type { SmsGateway, SmsSendRequest } from '../sms/sms.port.ts';
import { createAuditChainMonitor } from './audit-chain-monitor.ts';

const logger = pino({ level: 'silent' });

describeEachDatabase('audit chain monitor', (get) => {
  it('verifies on schedule, exposes the result as metrics, and alerts the security admins once per set of breaks', async () => {
    // given a chain of 10 rows and a monitor with a recording SMS gateway
    const clock = new ManualClock(new Date('2026-06-01T18:00:00Z'));
    const audit = createAuditRepo(get().db);
    for (let i = 1; i <= 10; i += 1)
      await audit.append({ at: clock.now(), action: 'POST /api/v1/test', outcome: '200', details: { i } });
    const sent: SmsSendRequest[] = [];
    const sms: SmsGateway = {
      send: async (request) => {
        sent.push(request);
        return { messageId: String(sent.length) };
      },
    };
    const monitor = createAuditChainMonitor({
      database: get(),
      clock,
      logger,
      intervalMs: 20,
      firstDelayMs: 1,
      sms,
      phones: ['13800000001'],
    });
    expect(monitor.render()).toContain('audit_chain_last_verified_timestamp_seconds 0');

    // when it runs on its schedule
    monitor.start();
    await expect.poll(() => monitor.last()?.report.ok, { timeout: 10_000 }).toBe(true);
    await monitor.stop();
    // then the chain is intact on /metrics
    expect(monitor.render()).toContain('audit_chain_ok 1');
    expect(monitor.render()).toContain('audit_chain_breaks 0');
    expect(monitor.render()).toContain(
      `audit_chain_last_verified_timestamp_seconds ${Math.floor(clock.now().getTime() / 1000)}`,
    );

    // when two rows are tampered with behind the writer's back
    await get().db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`update audit_log set outcome = '403' where seq = 3`);
      await tx.execute(sql`delete from audit_log where seq = 7`);
    });
    const broken = await monitor.check();
    const again = await monitor.check();
    // then both breaks are reported, the metric says so, and the admins are texted once
    expect(broken.report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['ALTERED', 3],
      ['DELETED', 7],
    ]);
    expect(broken.alerted).toBe(true);
    expect(again.alerted).toBe(false);
    expect(monitor.render()).toContain('audit_chain_ok 0');
    expect(monitor.render()).toContain('audit_chain_breaks 2');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      templateId: 'AUDIT_CHAIN_ALERT',
      phones: ['13800000001'],
      params: { breaks: '2', firstSeq: '3', kind: 'ALTERED' },
    });
  });
});
