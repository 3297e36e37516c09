/**
 * Tables of the embedded BPMN engine. Keys are int64 kept as bigint columns and read as strings.
 * An instance's whole execution state is one jsonb document (`engine_process_instance.state`); the
 * rows other components look for — jobs, user tasks, timers, message subscriptions, incidents,
 * history — are tables of their own, written in the same transaction as the state.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** int64 column read and written as a decimal string (never a JavaScript number). */
export const int64 = customType<{ data: string; driverData: string | number | bigint }>({
  dataType: () => 'bigint',
  fromDriver: (value) => String(value),
  toDriver: (value) => value,
});

const key = (name: string) => int64(name);
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Each engine process takes a block id from this sequence and hands out 2^20 keys under it (see key-allocator.ts). */
export const engineKeySeq = pgSequence('engine_key_seq', { startWith: 1, increment: 1 });

export const engineResource = pgTable('engine_resource', {
  key: key('key').primaryKey(),
  name: text('name').notNull(),
  checksum: text('checksum').notNull(),
  xml: text('xml').notNull(),
  deployedAt: ts('deployed_at').notNull(),
});

export const engineProcessDefinition = pgTable(
  'engine_process_definition',
  {
    key: key('key').primaryKey(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    resourceKey: key('resource_key').notNull(),
    checksum: text('checksum').notNull(),
    deployedAt: ts('deployed_at').notNull(),
  },
  (t) => [uniqueIndex('engine_process_definition_id_version').on(t.bpmnProcessId, t.version)],
);

export const engineProcessInstance = pgTable(
  'engine_process_instance',
  {
    key: key('key').primaryKey(),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    state: text('state').$type<'ACTIVE' | 'COMPLETED' | 'TERMINATED'>().notNull(),
    parentProcessInstanceKey: key('parent_process_instance_key'),
    parentElementInstanceKey: key('parent_element_instance_key'),
    /** The execution document: element instances, variables, join tokens. */
    document: jsonb('document').notNull(),
    revision: integer('revision').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('engine_process_instance_parent').on(t.parentProcessInstanceKey),
    index('engine_process_instance_state').on(t.state, t.bpmnProcessId),
  ],
);

export const engineJob = pgTable(
  'engine_job',
  {
    key: key('key').primaryKey(),
    type: text('type').notNull(),
    state: text('state')
      .$type<'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'COMPLETED' | 'ERROR_THROWN' | 'CANCELED'>()
      .notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    processDefinitionVersion: integer('process_definition_version').notNull(),
    retries: integer('retries').notNull(),
    customHeaders: jsonb('custom_headers').$type<Record<string, string>>().notNull(),
    worker: text('worker'),
    /** Activation lease end; an ACTIVATED job past it is activatable again. */
    deadline: ts('deadline'),
    /** The engine incarnation (engine_owner.id) whose worker holds the lease; its death releases the job at once. */
    leaseOwner: text('lease_owner'),
    /** A failed job with retries left is not activatable before this instant. */
    retryAt: ts('retry_at'),
    errorMessage: text('error_message'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('engine_job_activatable').on(t.type, t.state),
    index('engine_job_leased')
      .on(t.leaseOwner)
      .where(sql`${t.state} = 'ACTIVATED'`),
  ],
);

/**
 * One row per live engine incarnation (a server process's engine): jobs its workers activate carry its
 * id as lease owner. It beats every ENGINE_HEARTBEAT_MS (database time); when it dies its jobs are
 * released at once (see lease-owner.ts), not after their lease.
 */
export const engineOwner = pgTable('engine_owner', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: ts('started_at').notNull(),
  heartbeatAt: ts('heartbeat_at').notNull(),
});

export const engineUserTask = pgTable(
  'engine_user_task',
  {
    key: key('key').primaryKey(),
    state: text('state').$type<'CREATED' | 'COMPLETED' | 'CANCELED'>().notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    name: text('name'),
    assignee: text('assignee'),
    candidateGroups: jsonb('candidate_groups').$type<string[]>().notNull(),
    candidateUsers: jsonb('candidate_users').$type<string[]>().notNull(),
    dueDate: text('due_date'),
    followUpDate: text('follow_up_date'),
    formKey: text('form_key'),
    customHeaders: jsonb('custom_headers').$type<Record<string, string>>().notNull(),
    createdAt: ts('created_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('engine_user_task_state').on(t.state, t.assignee),
    index('engine_user_task_instance').on(t.processInstanceKey),
  ],
);

export const engineTimer = pgTable(
  'engine_timer',
  {
    key: key('key').primaryKey(),
    state: text('state').$type<'ACTIVE' | 'TRIGGERED' | 'CANCELED'>().notNull(),
    /** Null for timer start events (owned by a definition). */
    processInstanceKey: key('process_instance_key'),
    elementInstanceKey: key('element_instance_key'),
    processDefinitionKey: key('process_definition_key').notNull(),
    elementId: text('element_id').notNull(),
    dueAt: ts('due_at').notNull(),
    /** Remaining repetitions for cycles (-1: unbounded). */
    repetitions: integer('repetitions').notNull().default(1),
    /** ISO-8601 interval of a cycle, to compute the next due date. */
    interval: text('interval'),
  },
  (t) => [index('engine_timer_due').on(t.state, t.dueAt)],
);

export const engineMessageSubscription = pgTable(
  'engine_message_subscription',
  {
    key: key('key').primaryKey(),
    state: text('state').$type<'OPEN' | 'CLOSED'>().notNull(),
    messageName: text('message_name').notNull(),
    correlationKey: text('correlation_key').notNull(),
    /** Null for message start events. */
    processInstanceKey: key('process_instance_key'),
    elementInstanceKey: key('element_instance_key'),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    elementId: text('element_id').notNull(),
    interrupting: boolean('interrupting').notNull().default(true),
    openedAt: ts('opened_at').notNull(),
  },
  (t) => [index('engine_message_subscription_lookup').on(t.messageName, t.correlationKey, t.state)],
);

export const engineMessage = pgTable(
  'engine_message',
  {
    key: key('key').primaryKey(),
    name: text('name').notNull(),
    correlationKey: text('correlation_key').notNull(),
    messageId: text('message_id'),
    variables: jsonb('variables').notNull(),
    publishedAt: ts('published_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** bpmnProcessIds this message already correlated to (a message correlates once per process). */
    correlatedTo: jsonb('correlated_to').$type<string[]>().notNull(),
  },
  (t) => [index('engine_message_lookup').on(t.name, t.correlationKey, t.expiresAt)],
);

export const engineIncident = pgTable(
  'engine_incident',
  {
    key: key('key').primaryKey(),
    state: text('state').$type<'ACTIVE' | 'RESOLVED'>().notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    jobKey: key('job_key'),
    errorType: text('error_type').notNull(),
    errorMessage: text('error_message').notNull(),
    createdAt: ts('created_at').notNull(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('engine_incident_instance').on(t.processInstanceKey, t.state)],
);

export const engineHistory = pgTable(
  'engine_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    processInstanceKey: key('process_instance_key').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    elementType: text('element_type').notNull(),
    event: text('event').$type<'ACTIVATED' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT'>().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('engine_history_instance').on(t.processInstanceKey)],
);
