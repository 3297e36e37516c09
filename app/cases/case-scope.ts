/**
 * Who may see or act on an item case (办件) or a stage application: the policy resource of each
 * (domain/access/policy.ts) built from the store, and the lookups that answer "not found" for what lies
 * outside the actor's scope, so ids outside it reveal nothing.
 */
import { can, type Resource } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { ApplicationRecord, ItemCaseRecord } from '../../domain/case/case-records.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Repositories } from '../../domain/ports/store.port.ts';

export type CaseResource = Resource & { kind: 'case' };

/** The resource of a case given its stage siblings, the application's lead department and the project's owner. */
export function caseResourceOf(
  c: ItemCaseRecord,
  siblings: readonly ItemCaseRecord[],
  leadDepartmentCode: string,
  ownerUscc: string,
): CaseResource {
  return {
    kind: 'case',
    departmentCode: c.department,
    regionCode: c.regionCode,
    ownerUscc,
    stageDepartments: [...new Set(siblings.map((s) => s.department))],
    leadDepartmentCode,
  };
}

/** An application as a case resource: the window and the lead department act on it as a whole. */
export function applicationResourceOf(
  a: ApplicationRecord,
  cases: readonly ItemCaseRecord[],
  ownerUscc: string,
): CaseResource {
  return {
    kind: 'case',
    departmentCode: a.leadDepartment,
    regionCode: a.regionCode,
    ownerUscc,
    stageDepartments: [...new Set(cases.map((c) => c.department))],
    leadDepartmentCode: a.leadDepartment,
  };
}

/** The applicant's side of a case: its project's region and owner. */
export const projectSide = (resource: CaseResource): Resource => ({
  kind: 'project',
  regionCode: resource.regionCode,
  ownerUscc: resource.ownerUscc,
});

export const caseNotFound = (caseId: string, field = 'params.caseId') =>
  new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field });
export const applicationNotFound = (id: string, field = 'params.id') =>
  new DomainError('APPLICATION_NOT_FOUND', `申报 ${id} 不存在`, { field });

export interface ScopedCase {
  row: ItemCaseRecord;
  application: ApplicationRecord;
  siblings: ItemCaseRecord[];
  resource: CaseResource;
}
export interface ScopedApplication {
  application: ApplicationRecord;
  cases: ItemCaseRecord[];
  resource: CaseResource;
}

/** Reads a case with its application, siblings and owner once — everything a case action checks. */
export async function loadCase(read: Repositories, caseId: string, field = 'params.caseId'): Promise<ScopedCase> {
  const row = await read.cases.itemCase(caseId);
  if (!row) throw caseNotFound(caseId, field);
  const application = await read.cases.application(row.applicationId);
  if (!application) throw caseNotFound(caseId, field);
  const siblings = await read.cases.itemCasesOf([row.applicationId]);
  const owner = (await read.cases.ownersOf([row.projectCode])).get(row.projectCode) ?? '';
  return { row, application, siblings, resource: caseResourceOf(row, siblings, application.leadDepartment, owner) };
}

/** A case the actor may read (fully, or its opinions only); else CASE_NOT_FOUND. */
export async function readableCase(
  read: Repositories,
  actor: Actor,
  caseId: string,
  field = 'params.caseId',
): Promise<ScopedCase> {
  const scoped = await loadCase(read, caseId, field);
  if (!can(actor, 'case.read', scoped.resource) && !can(actor, 'case.opinion.read', scoped.resource))
    throw caseNotFound(caseId, field);
  return scoped;
}

/** An application with its cases and resource (no scope check: the caller checks the action it needs). */
export async function loadApplication(read: Repositories, id: string, field = 'params.id'): Promise<ScopedApplication> {
  const application = await read.cases.application(id);
  if (!application) throw applicationNotFound(id, field);
  const cases = await read.cases.itemCasesOf([id]);
  const owner = (await read.cases.ownersOf([application.projectCode])).get(application.projectCode) ?? '';
  return { application, cases, resource: applicationResourceOf(application, cases, owner) };
}
