/**
 * The case view's read model: everything the page of one item case (办件) shows, read in one
 * statement keyed by the case id — at 500 req/s the per-statement cost is what the view spends its
 * time on. The scope check is the use case's: nothing here is filtered.
 */
import type { ItemCaseRecord } from '../case/case-records.ts';
import type { ClockRecord } from './clock-repository.port.ts';
import type { ResultRecord, SpecialProcedureRecord, StoredCaseEvent } from './case-repository.port.ts';

export interface CaseViewRows {
  /** The case with its stage siblings (ordered by id, the case among them), the lead department and the project's owner; null when there is no such case. */
  found: { row: ItemCaseRecord; siblings: ItemCaseRecord[]; leadDepartmentCode: string; ownerUscc: string } | null;
  clocks: ClockRecord[];
  /** Special procedures of the case, by start. */
  procedures: SpecialProcedureRecord[];
  results: ResultRecord[];
  /** The events of every case of the stage, each case's by seq. */
  stageEvents: StoredCaseEvent[];
}

export interface CaseViewReader {
  caseView(caseId: string): Promise<CaseViewRows>;
}
