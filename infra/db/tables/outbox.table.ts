/**
 * 省级数据同步 — the provincial-sync outbox and its supervision rows (办法 §5, BRIEF §5 and §3 A10).
 *
 * `sync_outbox`: one row per SPGL record to push, written in the same transaction as the business
 * event. Rows of one `ordering_key` go out in (`position`, `id`) order; a row with `after_key` also
 * waits for every earlier row of that key (a case waits for its project). `status` carries the
 * SPGL upload status SJSCZT: PENDING = 0, SENT = 1, PARKED = −1 (refused, SBYY says why);
 * SUPERSEDED = a parked row replaced by a corrected record (kept, SJYXBS = 0, SJWXYY).
 * `sync_anomaly`: A10 sync-lag breaches (recorded → acknowledged > 5 min), never deleted.
 * `sync_lag_incident`: one open incident at a time while the oldest unsent record is > 4 min old,
 * so the alert fires once per incident across processes.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type OutboxStatus = 'PENDING' | 'SENT' | 'PARKED' | 'SUPERSEDED';

export const syncOutbox = pgTable(
  'sync_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Order within a key; a corrected record takes the position of the record it replaces. */
    position: bigserial('position', { mode: 'number' }).notNull(),
    /** `P:<GCDM>` for project rows, `C:<SPSXSLBM>` for a case and its steps (see infra/sync/README.md). */
    orderingKey: text('ordering_key').notNull(),
    /** Another key whose earlier rows must be acknowledged first (a case row: its project key). */
    afterKey: text('after_key'),
    /** SPSXSLBM, when the row belongs to a case (for the status page). */
    caseId: text('case_id'),
    spglTable: text('spgl_table').notNull(),
    op: text('op').$type<'UPSERT' | 'INSERT'>().notNull(),
    /** 地方数据主键 — the province's idempotency key for the record. */
    dfsjzj: text('dfsjzj').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** 数据有效标识 (local): 1 valid, 0 invalid (superseded by a correction). */
    sjyxbs: smallint('sjyxbs').notNull().default(1),
    /** 数据无效原因. */
    sjwxyy: text('sjwxyy'),
    status: text('status').$type<OutboxStatus>().notNull().default('PENDING'),
    /** 失败原因 — the province's reason for the last refusal. */
    sbyy: text('sbyy'),
    rejectCode: text('reject_code'),
    /** When the business event was recorded: lag is measured from here. */
    recordedAt: ts('recorded_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    leasedUntil: ts('leased_until'),
    leaseOwner: text('lease_owner'),
    lastError: text('last_error'),
    msgId: text('msg_id'),
    ackedAt: ts('acked_at'),
    parkedAt: ts('parked_at'),
    /** The row this corrected record replaces. */
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
  },
  (t) => [
    index('sync_outbox_pending')
      .on(t.position, t.id)
      .where(sql`status = 'PENDING'`),
    index('sync_outbox_open_by_key')
      .on(t.orderingKey, t.position, t.id)
      .where(sql`status in ('PENDING', 'PARKED')`),
    index('sync_outbox_pending_age')
      .on(t.recordedAt)
      .where(sql`status = 'PENDING'`),
    index('sync_outbox_dfsjzj').on(t.dfsjzj),
    /** A case's pushes, for the supervision rules (A10) and the status page. */
    index('sync_outbox_case').on(t.caseId),
  ],
);

/** A10 同步滞后 — one row per record acknowledged (or still unsent) later than the SLA. */
export const syncAnomaly = pgTable(
  'sync_anomaly',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().default('A10'),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    dfsjzj: text('dfsjzj').notNull(),
    caseId: text('case_id'),
    detectedAt: ts('detected_at').notNull(),
    ruleVersion: text('rule_version').notNull(),
    paramsSnapshot: jsonb('params_snapshot').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'OPEN' | 'EXPLAINED' | 'CONFIRMED' | 'DISMISSED'>().notNull().default('OPEN'),
  },
  (t) => [uniqueIndex('sync_anomaly_outbox').on(t.outboxId, t.code), index('sync_anomaly_case').on(t.caseId)],
);

/** 同步滞后告警 — an incident opens when the oldest unsent record passes the alert age and clears when it drops below. */
export const syncLagIncident = pgTable(
  'sync_lag_incident',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    scope: text('scope').notNull().default('province'),
    openedAt: ts('opened_at').notNull(),
    clearedAt: ts('cleared_at'),
    oldestAgeSeconds: integer('oldest_age_seconds').notNull(),
    backlog: integer('backlog').notNull(),
    /** When the SMS went out (null: not yet — the next check tries again). */
    notifiedAt: ts('notified_at'),
  },
  (t) => [
    uniqueIndex('sync_lag_incident_open')
      .on(t.scope)
      .where(sql`cleared_at is null`),
  ],
);
