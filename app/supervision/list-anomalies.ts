/** 异常监察 — the flags in the actor's scope (supervisors: their region; departments: their own cases), a page at a time, newest first unless asked otherwise. */
import { assertListScope } from '../../domain/access/list-scope.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { FlagFilter, SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import type { Page } from '../paging.ts';
import { flagViews, type FlagView } from './flag-view.ts';

export type AnomaliesQuery = Omit<FlagFilter, 'regionCode' | 'department'>;

export function createListAnomalies(deps: { supervision: SupervisionRepository }) {
  return async function listAnomalies(actor: Actor, query: AnomaliesQuery): Promise<Page<FlagView>> {
    const scope = assertListScope(actor, 'anomaly.read', '无权查看异常');
    const { rows, total } = await deps.supervision.flags({
      ...query,
      ...(scope.regionCode ? { regionCode: scope.regionCode } : {}),
      ...(scope.departmentCode ? { department: scope.departmentCode } : {}),
    });
    return { items: await flagViews(deps.supervision, rows), total };
  };
}
