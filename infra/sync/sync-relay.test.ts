import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { describeEachDatabase, describePostgres } from '../../test/db.ts';
import { waitFor } from '../../test/engine-driver.ts';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { resendParked } from '../db/outbox-correction.repo.ts';
import { readOutboxGauges } from '../db/outbox-lag.repo.ts';
import { enqueue, type OutboxRecordInput } from '../db/outbox.repo.ts';
import { syncAnomaly, syncOutbox } from '../db/tables/outbox.table.ts';
import { createProvinceClient } from '../province/province.client.ts';
import { startFakeProvince, type FakeProvince } from '../province/province.fake-server.ts';
import { backoffDelayMs, createSyncRelay, type SyncRelay } from './sync-relay.ts';
import { createSyncMetrics, type SyncMetrics } from './sync-metrics.ts';
import { createSyncOutbox } from './sync-status.ts';
import { orderViolations, projectStory, stepRecord } from './sync.fixtures.ts';

const logger = pino({ level: 'silent' });

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, 250],
    [1, 1, 500],
    [2, 0, 500],
    [3, 1, 2000],
    [10, 1, 30_000],
    [40, 0, 15_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    // given base 500 ms, cap 30 s / when / then
    expect(backoffDelayMs(attempt, { baseMs: 500, maxMs: 30_000 }, () => random)).toBe(expected);
  });
});

function relayFor(
  database: Database,
  province: FakeProvince,
  options: { timeoutMs?: number; batchSize?: number; leaseMs?: number; metrics?: SyncMetrics } = {},
): SyncRelay {
  return createSyncRelay({
    database,
    clock: systemClock,
    logger,
    batchSize: options.batchSize ?? 25,
    pollMs: 10,
    leaseMs: options.leaseMs ?? 10_000,
    backoff: { baseMs: 20, maxMs: 200 },
    metrics: options.metrics ?? createSyncMetrics(),
    province: createProvinceClient({
      baseUrl: province.url,
      appId: 'ZH-GGXT',
      appSecret: 'dev-province-secret',
      timeoutMs: options.timeoutMs ?? 5_000,
    }),
  });
}

/** Projects start at `from` so suites sharing one database do not share keys. */
function stories(from: number, projects: number): OutboxRecordInput[] {
  const now = systemClock.now();
  return Array.from({ length: projects }, (_, i) =>
    projectStory(from + i, { cases: 2, steps: 3, recordedAt: now }),
  ).flat();
}

async function drained(database: Database): Promise<boolean> {
  const g = await readOutboxGauges(database.db);
  return g.backlog === 0;
}

describeEachDatabase('sync relay against the fake province', (get) => {
  let province: FakeProvince;
  beforeAll(async () => {
    province = await startFakeProvince();
  });
  afterAll(async () => {
    await province.close();
  });
  beforeEach(async () => {
    await province.setDown(false);
    province.setFailWith(undefined);
    province.setDelay(0);
    province.rejectKeys([]);
  });

  it('delivers every record once, in per-case order, after the province was down for a while', async () => {
    // given records waiting and the province down
    const records = stories(100, 10);
    await enqueue(get().db, records);
    await province.setDown(true);
    const relay = relayFor(get(), province);
    // when the relay runs through the outage and the province comes back
    relay.start();
    await waitFor(
      async () =>
        (
          await get()
            .db.select({ a: syncOutbox.attempts })
            .from(syncOutbox)
            .where(sql`attempts >= 3`)
            .limit(1)
        ).length > 0,
      { what: 'retries while down' },
    );
    await province.setDown(false);
    await waitFor(() => drained(get()), { what: 'the backlog to drain' });
    await relay.stop();
    // then every record arrived, in order, none twice
    expect(orderViolations(records, province.records())).toEqual([]);
    expect(province.duplicates()).toEqual([]);
    for (const r of records) expect(province.receivedCount(r.dfsjzj)).toBe(1);
  });

  it('retries 500s and timeouts until the records are acknowledged', async () => {
    // given records waiting and the province answering 500
    const records = stories(200, 5);
    await enqueue(get().db, records);
    province.setFailWith(500);
    const relay = relayFor(get(), province, { timeoutMs: 100 });
    // when the relay tries, the province then times out, then recovers
    expect(await relay.runOnce()).toMatchObject({ failed: true, sent: 0 });
    province.setFailWith(undefined);
    province.setDelay(300);
    await new Promise((r) => setTimeout(r, 250));
    expect(await relay.runOnce()).toMatchObject({ failed: true, sent: 0 });
    province.setDelay(0);
    relay.start();
    await waitFor(() => drained(get()), { what: 'the backlog to drain' });
    await relay.stop();
    // then every record is stored once at the province, in order (a timed-out push may have landed: a repeat is acknowledged, not stored twice)
    expect(orderViolations(records, province.records())).toEqual([]);
    expect(new Set(province.records().map((r) => r.dfsjzj)).size).toBe(province.records().length);
    expect(province.duplicates().every((d) => d.sameData)).toBe(true);
  });

  it('parks a refused record with its reason while other cases flow, and re-sends it on request', async () => {
    // given two projects; the province refuses the second step of one case
    const records = stories(300, 2);
    const refused = 'BL-ZH00000300C0-1';
    province.rejectKeys([refused]);
    await enqueue(get().db, records);
    const relay = relayFor(get(), province);
    // when the relay runs
    relay.start();
    await waitFor(async () => (await readOutboxGauges(get().db)).backlog === 2, { what: 'everything else to flow' });
    // then that case's later records wait, all other cases are through, and the status shows why
    const held = records
      .filter((r) => r.orderingKey === 'C:ZH00000300C0')
      .slice(3)
      .map((r) => r.dfsjzj);
    for (const r of records)
      expect(province.receivedCount(r.dfsjzj)).toBe(r.dfsjzj === refused || held.includes(r.dfsjzj) ? 0 : 1);
    const parked = (await createSyncOutbox(get().db).parked({ limit: 100, offset: 0 })).rows;
    expect(parked).toEqual([
      expect.objectContaining({
        dfsjzj: refused,
        sjsczt: -1,
        code: 'REFUSED',
        sbyy: expect.stringContaining('拒收'),
        caseId: 'ZH00000300C0',
      }),
    ]);

    // when the province accepts again and the record is re-sent
    province.rejectKeys([]);
    await resendParked(get().db, refused, { now: systemClock.now() });
    await waitFor(() => drained(get()), { what: 'the case to finish' });
    await relay.stop();
    // then the whole case arrived, in order
    expect(orderViolations(records, province.records())).toEqual([]);
    expect((await createSyncOutbox(get().db).parked({ limit: 100, offset: 0 })).rows).toEqual([]);
  });

  it('sends a corrected record in place of one refused for bad data', async () => {
    // given a step with an invalid BLZT, followed by a valid step
    const now = systemClock.now();
    const story = projectStory(400, { cases: 1, steps: 0, recordedAt: now });
    const bad = { ...stepRecord(400, 0, 0, now), data: { ...stepRecord(400, 0, 0, now).data, BLZT: 99 } };
    const after = stepRecord(400, 0, 1, now);
    await enqueue(get().db, [...story, bad, after]);
    const relay = relayFor(get(), province);
    relay.start();
    await waitFor(
      async () =>
        (
          await get()
            .db.select()
            .from(syncOutbox)
            .where(sql`dfsjzj = ${bad.dfsjzj} and status = 'PARKED'`)
        ).length === 1,
      { what: 'the bad record to be parked' },
    );
    // when it is corrected
    await resendParked(get().db, bad.dfsjzj, {
      now: systemClock.now(),
      data: stepRecord(400, 0, 0, now).data,
      reason: 'BLZT 录入错误',
    });
    await waitFor(() => drained(get()), { what: 'the case to finish' });
    await relay.stop();
    // then the corrected record (new DFSJZJ, valid) arrived before the held step; the bad one never stored
    const received = province.records().map((r) => r.dfsjzj);
    expect(received.indexOf(`${bad.dfsjzj}~1`)).toBeGreaterThan(-1);
    expect(received.indexOf(`${bad.dfsjzj}~1`)).toBeLessThan(received.indexOf(after.dfsjzj));
    expect(province.receivedCount(bad.dfsjzj)).toBe(0);
    expect(province.rejected().find((r) => r.dfsjzj === bad.dfsjzj)?.code).toBe('INVALID_FIELD');
  });

  it('records an A10 anomaly for a record acknowledged more than 5 minutes after recording', async () => {
    // given a record recorded six minutes ago
    const story = projectStory(500, {
      cases: 0,
      steps: 0,
      recordedAt: new Date(systemClock.now().getTime() - 6 * 60_000),
    });
    await enqueue(get().db, story);
    // when the relay sends it
    const relay = relayFor(get(), province);
    await relay.runOnce();
    await relay.runOnce();
    // then each late record is an open A10 anomaly with its evidence
    const anomalies = await get()
      .db.select()
      .from(syncAnomaly)
      .where(sql`dfsjzj like 'XM-2304-440402-04-01-000500%' or dfsjzj like 'DW-2304-440402-04-01-000500%'`);
    expect(anomalies).toHaveLength(2);
    expect(anomalies[0]).toMatchObject({ code: 'A10', status: 'OPEN', paramsSnapshot: { syncSlaMs: 300_000 } });
    expect((anomalies[0]!.evidence as { lagMs: number }).lagMs).toBeGreaterThan(6 * 60_000 - 1);
  });
});

describePostgres('two relays racing on one outbox', (get) => {
  let province: FakeProvince;
  beforeAll(async () => {
    province = await startFakeProvince();
  });
  afterAll(async () => {
    await province.close();
  });

  it('delivers every record once and in per-case order', async () => {
    // given many cases waiting and a province that takes a little while per batch
    const records = stories(600, 40);
    await enqueue(get().db, records);
    province.setDelay(5);
    const metrics = [createSyncMetrics(), createSyncMetrics(), createSyncMetrics()];
    const relays = metrics.map((m) => relayFor(get(), province, { batchSize: 20, metrics: m }));
    // when three relays run at once
    for (const r of relays) r.start();
    await waitFor(() => drained(get()), { what: 'the backlog to drain', timeoutMs: 60_000 });
    await Promise.all(relays.map((r) => r.stop()));
    // then nothing is missing, out of order or sent twice, and the relays shared the work
    expect(orderViolations(records, province.records())).toEqual([]);
    expect(province.duplicates()).toEqual([]);
    const sent = metrics.map((m) => m.snapshot().sent);
    expect(sent.every((n) => n > 0)).toBe(true);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(records.length);
  }, 90_000);
});
