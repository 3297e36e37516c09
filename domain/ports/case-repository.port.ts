/**
 * Projects, stage applications, item cases and their event log (全程留痕), as the use cases read and
 * write them. Appending is the only way a case changes: the projection columns follow the event in the
 * same transaction, and the provincial-sync records are enqueued with it (infra's concern).
 */
import type { ApplicationRecord, ItemCaseRecord, ProjectRecord } from '../case/case-records.ts';
import type { CaseProjection } from '../case/case-lifecycle.ts';
import type { CaseEvent, RecordedCaseEvent } from '../case/case-event.ts';

export type StoredCaseEvent = RecordedCaseEvent & { blzt: number | null };

export interface AppendEventOptions {
  /** Idempotency key of the writing step: a repeat on the aggregate writes nothing (duplicate: true). */
  stepKey?: string;
  /** Extra projection columns of the aggregate row, written with the event. */
  projection?: Record<string, unknown>;
  /** The seq the caller last saw: CASE_CONCURRENT_MODIFICATION when another event came in between. */
  expectedSeq?: number;
}

export interface AppendedEvent {
  event: StoredCaseEvent;
  state: string;
  projection: CaseProjection;
  duplicate: boolean;
}

export interface MaterialRecord {
  applicationId: string;
  materialId: string;
  source: 'upload' | 'reuse';
  ref: string | null;
  sha256: string | null;
  fileName: string | null;
  size: number | null;
  createdAt: Date;
}

export interface SpecialProcedureRecord {
  id: string;
  caseId: string;
  type: string;
  limit: number;
  unit: 'WD' | 'ND';
  startedAt: Date;
  deadline: Date | null;
  finishedAt: Date | null;
  result: string | null;
  note: string | null;
  /** The special-procedure process instance; null when not known (older rows). */
  processInstanceKey: string | null;
}

/** A result (document or e-certificate) of one of a project's item cases, by the item it answers. */
export interface ProjectResult {
  itemCode: string;
  kind: 'ECERT' | 'DOCUMENT';
  certificateId: string | null;
}

export type NewSpecialProcedure = Omit<SpecialProcedureRecord, 'finishedAt' | 'result' | 'note'>;
export type NewResult = Omit<ResultRecord, 'issuedAt'> & { fileUrl: string | null; issuedAt: Date };

export interface ResultRecord {
  id: string;
  caseId: string;
  kind: 'ECERT' | 'DOCUMENT';
  title: string;
  docNumber: string;
  certificateId: string | null;
  fileHash: string | null;
  status: string;
  issuedAt: Date;
}

/** A material handed in with an application or a supplement (an upload's hash, or a reuse reference). */
export interface MaterialInput {
  materialId: string;
  source: 'upload' | 'reuse';
  ref?: string;
  sha256?: string;
  fileName?: string;
  size?: number;
}

export type NewProject = Omit<ProjectRecord, 'processInstanceKey'>;
export type NewApplication = Omit<ApplicationRecord, 'processInstanceKey' | 'receivedAt' | 'lastSeq' | 'lastHash'>;
export type NewItemCase = Pick<
  ItemCaseRecord,
  'id' | 'applicationId' | 'projectCode' | 'itemCode' | 'department' | 'regionCode' | 'stageNo' | 'state'
>;

export interface CaseRepository {
  project(code: string): Promise<ProjectRecord | null>;
  /** The owners (统一社会信用代码) of many projects at once. */
  ownersOf(codes: readonly string[]): Promise<Map<string, string>>;
  application(id: string): Promise<ApplicationRecord | null>;
  applications(ids: readonly string[]): Promise<ApplicationRecord[]>;
  applicationsOfProject(code: string): Promise<ApplicationRecord[]>;
  itemCase(id: string): Promise<ItemCaseRecord | null>;
  itemCases(ids: readonly string[]): Promise<ItemCaseRecord[]>;
  /** The item cases of one or more applications, by id. */
  itemCasesOf(applicationIds: readonly string[]): Promise<ItemCaseRecord[]>;
  materialsOfApplication(applicationId: string): Promise<MaterialRecord[]>;

  // ── what the process steps read and write ──
  /** Every material uploaded or referenced for any application of the project. */
  materialsOfProject(projectCode: string): Promise<MaterialRecord[]>;
  /** The results issued to the project's item cases. */
  resultsOfProject(projectCode: string): Promise<ProjectResult[]>;
  /** The next 办件编号 of the Asia/Shanghai day of `at` (a per-day serial). In a unit of work. */
  nextCaseNumber(at: Date): Promise<string>;
  /** Records a special procedure; a repeat of its id changes nothing. */
  addSpecialProcedure(procedure: NewSpecialProcedure): Promise<void>;
  finishSpecialProcedure(id: string, outcome: { finishedAt: Date; result: string; note: string }): Promise<void>;
  /** Links a result to its case; a repeat of its id changes nothing. */
  addResult(result: NewResult): Promise<void>;

  events(aggregateId: string): Promise<StoredCaseEvent[]>;
  appendEvent(event: CaseEvent, now: Date, options?: AppendEventOptions): Promise<AppendedEvent>;
  specialProcedure(id: string): Promise<SpecialProcedureRecord | null>;
  /** The case's special procedure still running (the latest), or null. */
  openProcedureOf(caseId: string): Promise<SpecialProcedureRecord | null>;
  resultsOfCases(caseIds: readonly string[]): Promise<ResultRecord[]>;

  // ── writes (in a unit of work) ──
  /** Registers a project (PROJECT_EXISTS when its code is taken); the provincial record goes with it. */
  addProject(project: NewProject): Promise<ProjectRecord>;
  setProjectInstance(code: string, processInstanceKey: string): Promise<void>;
  /** Adds an application; false when an open one of the project, stage and item set exists (its natural key). */
  addApplication(application: NewApplication): Promise<boolean>;
  setApplicationInstance(id: string, processInstanceKey: string): Promise<void>;
  addItemCases(cases: readonly NewItemCase[]): Promise<void>;
  addMaterials(applicationId: string, materials: readonly MaterialInput[], at: Date): Promise<void>;
}
