/** 申报详情 — a stage application: its state, the item cases in the actor's scope, its materials and timeline. */
import { can } from '../../domain/access/policy.ts';
import { maskPhone } from '../../domain/access/masking.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { applicationNotFound, loadApplication } from './case-scope.ts';
import { caseSummary, iso, timeline } from './case-views.ts';

export interface GetApplicationDeps {
  store: Store;
  catalog: CatalogIndex;
}

export function createGetApplication(deps: GetApplicationDeps) {
  return async function getApplication(actor: Actor, id: string) {
    const { application: a, cases, resource } = await loadApplication(deps.store.read, id);
    const visible = cases.filter((c) => can(actor, 'case.read', { ...resource, departmentCode: c.department }));
    if (!can(actor, 'case.read', resource) && visible.length === 0) throw applicationNotFound(id);
    const materials = await deps.store.read.cases.materialsOfApplication(a.id);
    const events = await deps.store.read.cases.events(a.id);
    return {
      id: a.id,
      projectCode: a.projectCode,
      stage: a.stageNo,
      channel: a.channel,
      state: a.state,
      leadDepartment: a.leadDepartment,
      regionCode: a.regionCode,
      catalogVersion: a.catalogVersion,
      submittedAt: a.submittedAt.toISOString(),
      receivedAt: iso(a.receivedAt),
      contactPhone: maskPhone(a.contactPhone),
      cases: visible.map((c) => caseSummary(deps.catalog, c)),
      materials: materials.map((m) => ({
        materialId: m.materialId,
        source: m.source,
        ref: m.ref,
        sha256: m.sha256,
        fileName: m.fileName,
        size: m.size,
        at: m.createdAt.toISOString(),
      })),
      timeline: timeline(events),
    };
  };
}
