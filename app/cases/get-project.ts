/** 一张蓝图 — a project across every stage: its applications, the cases in scope with their clocks, lights and results. */
import { can, type Resource } from '../../domain/access/policy.ts';
import { maskPhone } from '../../domain/access/masking.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { applicationResourceOf } from './case-scope.ts';
import { caseSummary, clockView, iso } from './case-views.ts';

export interface GetProjectDeps {
  store: Store;
  catalog: CatalogIndex;
  calendars: Calendars;
  clock: Clock;
}

export function createGetProject(deps: GetProjectDeps) {
  const read = deps.store.read;
  return async function getProject(actor: Actor, code: string) {
    const p = await read.cases.project(code);
    const resource: Resource = { kind: 'project', regionCode: p?.regionCode ?? '', ownerUscc: p?.ownerUscc ?? '' };
    if (!p || !can(actor, 'project.read', resource))
      throw new DomainError('PROJECT_NOT_FOUND', `项目 ${code} 不存在`, { field: 'params.projectCode' });
    const apps = await read.cases.applicationsOfProject(code);
    const cases = await read.cases.itemCasesOf(apps.map((a) => a.id));
    const ids = cases.map((c) => c.id);
    const clocks = await read.clocks.ofCases(ids);
    const results = await read.cases.resultsOfCases(ids);
    const now = deps.clock.now();
    const stages = apps.map((a) => {
      const appCases = cases.filter((c) => c.applicationId === a.id);
      const base = applicationResourceOf(a, appCases, p.ownerUscc);
      return {
        applicationId: a.id,
        stage: a.stageNo,
        stageName: deps.catalog.stage(a.stageNo).nameZh,
        state: a.state,
        submittedAt: a.submittedAt.toISOString(),
        receivedAt: iso(a.receivedAt),
        cases: appCases
          .filter((c) => can(actor, 'case.read', { ...base, departmentCode: c.department }))
          .map((c) => ({
            ...caseSummary(deps.catalog, c),
            clocks: clocks.filter((k) => k.caseId === c.id).map((k) => clockView(deps.calendars, k, now)),
            results: results
              .filter((r) => r.caseId === c.id)
              .map((r) => ({
                kind: r.kind,
                title: r.title,
                docNumber: r.docNumber,
                certificateId: r.certificateId,
                status: r.status,
                issuedAt: r.issuedAt.toISOString(),
              })),
          })),
      };
    });
    return {
      code: p.code,
      name: p.name,
      ownerName: p.ownerName,
      ownerUscc: p.ownerUscc,
      regionCode: p.regionCode,
      flowType: p.flowType,
      contactPhone: maskPhone(p.contactPhone),
      createdAt: p.createdAt.toISOString(),
      stages,
    };
  };
}
