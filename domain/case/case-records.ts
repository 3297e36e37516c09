/**
 * The stored shapes of a project (项目), a stage application (阶段申报) and an item case (办件) as the use
 * cases read them. infra/db's rows satisfy these (checked in infra/db/case-records.check.ts); nothing
 * outside infra sees a table.
 */

export interface ProjectRecord {
  code: string;
  name: string;
  ownerName: string;
  /** 统一社会信用代码 of the owner. */
  ownerUscc: string;
  regionCode: string;
  flowType: string;
  applicantUserId: string | null;
  contactPhone: string | null;
  processInstanceKey: string | null;
  createdAt: Date;
}

export interface ApplicationRecord {
  id: string;
  projectCode: string;
  stageNo: number;
  channel: 'online' | 'window';
  state: string;
  catalogVersion: string;
  regionCode: string;
  leadDepartment: string;
  contactPhone: string | null;
  processInstanceKey: string | null;
  submittedAt: Date;
  receivedAt: Date | null;
  lastSeq: number;
  lastHash: string;
  itemSet: string | null;
}

export interface ItemCaseRecord {
  id: string;
  applicationId: string;
  projectCode: string;
  /** 办件编号, given at the formal receipt. */
  caseNumber: string | null;
  itemCode: string;
  department: string;
  regionCode: string;
  stageNo: number;
  catalogVersion: string | null;
  state: string;
  decision: string | null;
  acceptedAt: Date | null;
  decidedAt: Date | null;
  lastSeq: number;
  lastHash: string;
}
