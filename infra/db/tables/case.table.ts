/**
 * Projects, stage applications, item cases (办件), their materials, the append-only case event log,
 * the legal clocks with their events, special procedures and result documents.
 *
 * Applications and item cases pin the catalogue version they were accepted under: a trigger fills an
 * item case's version from its application and refuses changing either (migration
 * item_case_pin_catalog_version). Their `state`, `last_seq`, `last_hash` and the other projection
 * columns are written only by case.repo.ts, in the transaction that appends the event.
 */
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const project = pgTable('project', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  ownerName: text('owner_name').notNull(),
  ownerUscc: text('owner_uscc').notNull(),
  regionCode: text('region_code').notNull(),
  flowType: text('flow_type').notNull(),
  applicantUserId: text('applicant_user_id'),
  /** Contact phone, for the SMS the regulation requires (encrypted at rest by the API layer where configured). */
  contactPhone: text('contact_phone'),
  processInstanceKey: text('process_instance_key'),
  createdAt: ts('created_at').notNull(),
});

export const stageApplication = pgTable(
  'stage_application',
  {
    id: text('id').primaryKey(),
    projectCode: text('project_code').notNull(),
    stageNo: integer('stage_no').notNull(),
    channel: text('channel').$type<'online' | 'window'>().notNull(),
    state: text('state').notNull(),
    catalogVersion: text('catalog_version').notNull(),
    regionCode: text('region_code').notNull(),
    leadDepartment: text('lead_department').notNull(),
    contactPhone: text('contact_phone'),
    processInstanceKey: text('process_instance_key'),
    submittedAt: ts('submitted_at').notNull(),
    receivedAt: ts('received_at'),
    lastSeq: integer('last_seq').notNull().default(0),
    lastHash: text('last_hash').notNull().default(''),
    /**
     * The item codes applied for, sorted and comma-joined: with the project and stage, the natural key of
     * an open application (one at a time; a duplicate submission is refused with APPLICATION_EXISTS).
     */
    itemSet: text('item_set'),
  },
  (t) => [
    index('stage_application_project').on(t.projectCode),
    uniqueIndex('stage_application_open_item_set')
      .on(t.projectCode, t.stageNo, t.itemSet)
      .where(sql`${t.state} not in ('DECIDED', 'WITHDRAWN')`),
  ],
);

export const itemCase = pgTable(
  'item_case',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id').notNull(),
    projectCode: text('project_code').notNull(),
    caseNumber: text('case_number'),
    itemCode: text('item_code').notNull(),
    department: text('department').notNull(),
    regionCode: text('region_code').notNull(),
    stageNo: integer('stage_no').notNull(),
    /** Pinned catalogue version; filled from the application by a trigger when not given. */
    catalogVersion: text('catalog_version'),
    state: text('state').notNull(),
    decision: text('decision'),
    acceptedAt: ts('accepted_at'),
    decidedAt: ts('decided_at'),
    lastSeq: integer('last_seq').notNull().default(0),
    lastHash: text('last_hash').notNull().default(''),
  },
  (t) => [
    index('item_case_application').on(t.applicationId),
    index('item_case_dept_state').on(t.department, t.state),
    uniqueIndex('item_case_number').on(t.caseNumber),
    // a project's cases (supervision: the same item applied for twice, A3/A5); the month's cases (monthly report)
    index('item_case_project').on(t.projectCode, t.itemCode),
    index('item_case_accepted').on(t.acceptedAt),
  ],
);

export const caseMaterial = pgTable(
  'case_material',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: text('application_id').notNull(),
    materialId: text('material_id').notNull(),
    source: text('source').$type<'upload' | 'reuse'>().notNull(),
    ref: text('ref'),
    sha256: text('sha256'),
    fileName: text('file_name'),
    size: integer('size'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('case_material_application').on(t.applicationId)],
);

/** Append-only (a trigger refuses UPDATE and DELETE); hash-chained per aggregate. */
export const caseEvent = pgTable(
  'case_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    aggregateId: text('aggregate_id').notNull(),
    aggregate: text('aggregate').$type<'APPLICATION' | 'CASE'>().notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    businessTime: ts('business_time').notNull(),
    recordedAt: ts('recorded_at').notNull(),
    actorUserId: text('actor_user_id').notNull(),
    actorRole: text('actor_role').notNull(),
    actorDept: text('actor_dept'),
    /** The client's address when the event came through the API. */
    clientIp: text('client_ip'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    blzt: integer('blzt'),
    /** Idempotency key of the step that wrote it (case id + job type + element instance). */
    stepKey: text('step_key'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('case_event_seq').on(t.aggregateId, t.seq),
    uniqueIndex('case_event_step').on(t.aggregateId, t.stepKey),
    index('case_event_type_time').on(t.type, t.recordedAt),
  ],
);

/** 办件编号 serials: one counter per Asia/Shanghai day (ZH + yyyymmdd + 5 digits). */
export const caseNumberCounter = pgTable('case_number_counter', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});

export const legalClock = pgTable(
  'legal_clock',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    kind: text('kind').$type<'ADMIN' | 'SPECIAL' | 'IMMEDIATE'>().notNull(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    /** RUNNING | PAUSED | STOPPED — a projection of the events, for the sweep's query. */
    status: text('status').notNull(),
    events: jsonb('events').$type<unknown[]>().notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('legal_clock_status').on(t.status), index('legal_clock_case').on(t.caseId)],
);

export const specialProcedure = pgTable(
  'special_procedure',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    type: text('type').notNull(),
    limit: integer('limit_days').notNull(),
    unit: text('unit').$type<'WD' | 'ND'>().notNull(),
    startedAt: ts('started_at').notNull(),
    /**
     * The special clock's deadline, kept for the reports' overrun counts; null while it falls in a year
     * the working-day calendar lacks — set when that year is loaded (calendar.repo.ts).
     */
    deadline: ts('deadline'),
    finishedAt: ts('finished_at'),
    result: text('result'),
    note: text('note'),
    /** The special-procedure process instance (its Task_RunProcedure is found there); null before this was kept. */
    processInstanceKey: text('process_instance_key'),
  },
  (t) => [index('special_procedure_case').on(t.caseId)],
);

export const resultDocument = pgTable(
  'result_document',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    kind: text('kind').$type<'ECERT' | 'DOCUMENT'>().notNull(),
    title: text('title').notNull(),
    docNumber: text('doc_number').notNull(),
    certificateId: text('certificate_id'),
    fileHash: text('file_hash'),
    fileUrl: text('file_url'),
    status: text('status').notNull(),
    issuedAt: ts('issued_at').notNull(),
  },
  (t) => [uniqueIndex('result_document_case').on(t.caseId)],
);
