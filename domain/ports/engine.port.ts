/**
 * The engine port: the only surface through which the rest of the system talks to a BPMN engine.
 * Two adapters implement it — the embedded engine (default, state in PostgreSQL/PGlite) and the Zeebe
 * adapter (a Camunda 8 cluster through @camunda8/sdk). Keys are int64 and always travel as strings.
 * `Tx` is the store's transaction as the adapter knows it (infra/engine/port.ts names drizzle's); the
 * use cases never look inside it.
 */

export type Key = string;
export type Variables = Record<string, unknown>;

export interface DeployResource {
  /** File name, e.g. "stage.bpmn". */
  name: string;
  xml: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: Key;
  resourceName: string;
  /** false when the XML was identical to the latest version and no new version was created. */
  isNew: boolean;
}

export interface CreateInstanceRequest {
  bpmnProcessId: string;
  /** Absent: the latest version. */
  version?: number;
  variables?: Variables;
}

export interface ProcessInstanceRef {
  processInstanceKey: Key;
  processDefinitionKey: Key;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  variables?: Variables;
  /** 0: correlates only with a subscription open now. Otherwise buffered until it expires. */
  timeToLiveMs?: number;
  /** Optional uniqueness id: a second message with the same id is rejected while the first lives. */
  messageId?: string;
}

export interface ActivatedJob {
  key: Key;
  type: string;
  processInstanceKey: Key;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: Key;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** Epoch ms when the activation lease ends. */
  deadline: number;
  variables: Variables;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  maxJobsToActivate: number;
  /** Lease in ms. */
  timeout: number;
  /** Only these variables are fetched; absent: all visible ones. */
  fetchVariable?: string[];
}

export interface FailJobRequest {
  jobKey: Key;
  /** Remaining retries (absolute, as Zeebe): 0 opens an incident. */
  retries: number;
  errorMessage: string;
  retryBackOffMs?: number;
  variables?: Variables;
}

export interface ThrowErrorRequest {
  jobKey: Key;
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export type IncidentState = 'ACTIVE' | 'RESOLVED';
export interface Incident {
  key: Key;
  processInstanceKey: Key;
  elementInstanceKey: Key;
  elementId: string;
  jobKey: Key | null;
  errorType: string;
  errorMessage: string;
  state: IncidentState;
  createdAt: Date;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';
export interface UserTask {
  key: Key;
  processInstanceKey: Key;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: Key;
  name: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  formKey: string | null;
  customHeaders: Record<string, string>;
  state: UserTaskState;
  variables: Variables;
  createdAt: Date;
}

export interface UserTaskQuery {
  assignee?: string;
  /** Tasks whose candidate groups intersect these. */
  candidateGroups?: string[];
  candidateUser?: string;
  processInstanceKey?: Key;
  state?: UserTaskState;
  elementId?: string;
  limit?: number;
}

export type ElementEvent = 'ACTIVATED' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT';
export interface ElementHistoryEntry {
  processInstanceKey: Key;
  elementInstanceKey: Key;
  elementId: string;
  elementType: string;
  event: ElementEvent;
  at: Date;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
export interface ProcessInstanceInfo extends ProcessInstanceRef {
  state: ProcessInstanceState;
  parentProcessInstanceKey: Key | null;
  variables: Variables;
  /** Active element ids (for status views and tests). */
  activeElementIds: string[];
  createdAt: Date;
  endedAt: Date | null;
}

/** What a worker's handler returns: the three ways a job can end (the third is a thrown error). */
export type JobOutcome =
  | { outcome: 'complete'; variables?: Variables }
  | { outcome: 'error'; errorCode: string; errorMessage?: string; variables?: Variables };

/** A failure no retry can mend (bad input, broken contract): the job fails with 0 retries. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

export interface JobContext {
  job: ActivatedJob;
}

export type JobHandler = (job: ActivatedJob) => Promise<JobOutcome>;

export interface WorkerOptions {
  taskType: string;
  handler: JobHandler;
  /** Jobs per activation. */
  maxJobsToActivate?: number;
  /** Lease in ms. */
  timeout?: number;
  pollIntervalMs?: number;
  /** Back-off between retries after a technical failure, in ms. */
  retryBackOffMs?: number;
  workerName?: string;
}

export interface JobWorker {
  readonly taskType: string;
  close(): Promise<void>;
}

/**
 * Engine commands that commit with a business transaction (EnginePort.inTransaction). Each carries a
 * key that makes a repeat a no-op: `businessKey` for an instance (one instance per key), `messageId`
 * for a message.
 */
export interface TxEngineCommands {
  /** The embedded engine answers the instance's key; a cluster answers null (the key is known once relayed). */
  createInstance(request: CreateInstanceRequest & { businessKey: string }): Promise<{ processInstanceKey: Key | null }>;
  publishMessage(request: PublishMessageRequest & { messageId: string }): Promise<void>;
  /** Completes a user task, first assigning it to `assignee` when it has none (claim and complete as one). */
  completeUserTask(request: { userTaskKey: Key; variables?: Variables; assignee?: string }): Promise<void>;
}

export interface EnginePort<Tx = unknown> {
  readonly kind: 'embedded' | 'zeebe';
  /**
   * Runs `fn` in one database transaction with engine commands that commit with it: on the embedded
   * engine the commands run inside the transaction; on a cluster they go to the command outbox in it
   * and are relayed after the commit, at least once, deduplicated by their keys. A crash can then
   * neither lose a command whose business write committed nor run one whose write did not.
   */
  inTransaction<T>(fn: (tx: Tx, commands: TxEngineCommands) => Promise<T>): Promise<T>;
  deploy(resources: DeployResource[]): Promise<DeployedProcess[]>;
  createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef>;
  cancelInstance(processInstanceKey: Key): Promise<void>;
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }>;

  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>;
  completeJob(jobKey: Key, variables?: Variables): Promise<void>;
  failJob(request: FailJobRequest): Promise<void>;
  throwError(request: ThrowErrorRequest): Promise<void>;
  updateJobRetries(jobKey: Key, retries: number): Promise<void>;
  createWorker(options: WorkerOptions): JobWorker;

  listIncidents(query?: { processInstanceKey?: Key; state?: IncidentState }): Promise<Incident[]>;
  resolveIncident(incidentKey: Key): Promise<void>;

  listUserTasks(query: UserTaskQuery): Promise<UserTask[]>;
  getUserTask(userTaskKey: Key): Promise<UserTask | null>;
  claimUserTask(userTaskKey: Key, assignee: string, options?: { allowOverride?: boolean }): Promise<void>;
  unclaimUserTask(userTaskKey: Key): Promise<void>;
  completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void>;

  getProcessInstance(processInstanceKey: Key): Promise<ProcessInstanceInfo | null>;
  getElementHistory(processInstanceKey: Key): Promise<ElementHistoryEntry[]>;

  close(): Promise<void>;
}

/** Errors the port raises, with stable codes (mapped to HTTP problems by the API). */
export class EngineError extends Error {
  constructor(
    readonly code:
      'NOT_FOUND' | 'INVALID_STATE' | 'DEPLOY_INVALID' | 'MESSAGE_ALREADY_EXISTS' | 'INVALID_ARGUMENT' | 'UNAVAILABLE',
    message: string,
    readonly details: { elementIds?: string[]; problems?: { elementId: string; message: string }[] } = {},
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
