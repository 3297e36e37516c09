/**
 * 电子监察 — electronic supervision (办法 §19–§22, §27; BRIEF §3, §9).
 *
 * `anomaly_flag`: one row per (rule, case, key) the detector or the completion guard raised, with the
 * rule version, parameter snapshot and evidence event seqs it was raised with. Never deleted; only
 * `status` and `status_at` change, and only with a `flag_transition` row (trigger-enforced, see the
 * migration's hand-written part). `flag_transition` is append-only history: OPEN → EXPLAINED
 * (department) / CONFIRMED / DISMISSED (supervisor).
 * `override_code`: one-time supervisor codes that let a too-early decision (A1 秒办件) through; only
 * the hash is kept; `used_at` is set once.
 * `completion_check`: every A1 check at the moment of completion (passed, refused or overridden).
 * `supervision_watermark`: how far (case_event.id) the detector has looked.
 * `monthly_report`: archived 月通报 — JSON, rule versions and the data snapshot; append-only, a
 * regenerated month gets the next version.
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type FlagStatus = 'OPEN' | 'EXPLAINED' | 'CONFIRMED' | 'DISMISSED';

export const anomalyFlag = pgTable(
  'anomaly_flag',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    rule: text('rule').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    caseId: text('case_id').notNull(),
    /** Tells two flags of one rule on one case apart ('case', 'event:7', …). */
    key: text('key').notNull(),
    itemCode: text('item_code').notNull(),
    department: text('department').notNull(),
    regionCode: text('region_code').notNull(),
    severity: text('severity').$type<'LOW' | 'MEDIUM' | 'HIGH'>().notNull(),
    message: text('message').notNull(),
    params: jsonb('params').$type<Record<string, number>>().notNull(),
    evidenceSeqs: jsonb('evidence_seqs').$type<number[]>().notNull(),
    /** 'detector' | 'nightly' | 'guard'. */
    source: text('source').notNull(),
    detectedAt: ts('detected_at').notNull(),
    status: text('status').$type<FlagStatus>().notNull().default('OPEN'),
    statusAt: ts('status_at').notNull(),
  },
  (t) => [
    uniqueIndex('anomaly_flag_identity').on(t.rule, t.caseId, t.key),
    index('anomaly_flag_region_status').on(t.regionCode, t.status),
    index('anomaly_flag_detected').on(t.detectedAt),
  ],
);

export const flagTransition = pgTable(
  'flag_transition',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flagId: bigint('flag_id', { mode: 'number' }).notNull(),
    fromStatus: text('from_status').$type<FlagStatus>().notNull(),
    toStatus: text('to_status').$type<FlagStatus>().notNull(),
    actorUserId: text('actor_user_id').notNull(),
    actorRole: text('actor_role').notNull(),
    note: text('note').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('flag_transition_flag').on(t.flagId)],
);

export const overrideCode = pgTable(
  'override_code',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: text('case_id').notNull(),
    /** sha256 of the code; the code itself is shown once to the supervisor who issued it. */
    codeHash: text('code_hash').notNull(),
    issuedBy: text('issued_by').notNull(),
    reason: text('reason').notNull(),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedBy: text('used_by'),
  },
  (t) => [uniqueIndex('override_code_hash').on(t.codeHash), index('override_code_case').on(t.caseId)],
);

export const completionCheck = pgTable(
  'completion_check',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: text('case_id').notNull(),
    actorUserId: text('actor_user_id').notNull(),
    at: ts('at').notNull(),
    /** Seconds since acceptance (null when the case has no acceptance yet). */
    dwellSeconds: integer('dwell_seconds'),
    outcome: text('outcome').$type<'PASSED' | 'REFUSED' | 'OVERRIDDEN'>().notNull(),
    overrideCodeId: bigint('override_code_id', { mode: 'number' }),
    reason: text('reason'),
    params: jsonb('params').$type<Record<string, number>>().notNull(),
  },
  (t) => [index('completion_check_case').on(t.caseId)],
);

export const supervisionWatermark = pgTable('supervision_watermark', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const monthlyReport = pgTable(
  'monthly_report',
  {
    month: text('month').notNull(),
    version: integer('version').notNull(),
    generatedAt: ts('generated_at').notNull(),
    /** Who archived it (user id, or 'cli' for npm run report:monthly). */
    generatedBy: text('generated_by').notNull().default('system'),
    /** The reform office's narrative (编者按、整改要求) published with the figures. */
    narrative: text('narrative').notNull().default(''),
    ruleVersions: jsonb('rule_versions').$type<Record<string, number>>().notNull(),
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    /** The per-case rows the figures were computed from. */
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.version] })],
);

/**
 * 规则参数: the parameters of the supervision rules as data — one row per change, never updated or
 * deleted; the newest row of a (rule, scope) is in force. `scope` is '*' (city-wide) or an item code
 * (per-item override). Flags keep the parameters they were computed with; the monthly report archives
 * the newest id as its parameter version.
 */
export const ruleParameter = pgTable(
  'rule_parameter',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    rule: text('rule').notNull(),
    scope: text('scope').notNull(),
    params: jsonb('params').$type<Record<string, number>>().notNull(),
    setBy: text('set_by').notNull(),
    reason: text('reason').notNull(),
    setAt: ts('set_at').notNull(),
  },
  (t) => [index('rule_parameter_rule_scope').on(t.rule, t.scope, t.id)],
);
