/** 参数变更记录 — every change of a rule's parameters (who, why, when; never rewritten), newest first, a page at a time. */
import { assertListScope } from '../../domain/access/list-scope.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { ParameterChange, SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import type { Page, PageRequest } from '../paging.ts';

export type ParameterChangeView = Omit<ParameterChange, 'setAt'> & { setAt: string };
export const changeView = (c: ParameterChange): ParameterChangeView => ({ ...c, setAt: c.setAt.toISOString() });

export function createListParameterChanges(deps: { supervision: SupervisionRepository }) {
  return async function listParameterChanges(actor: Actor, page: PageRequest): Promise<Page<ParameterChangeView>> {
    assertListScope(actor, 'supervision.read', '仅限工改办监察人员');
    const { rows, total } = await deps.supervision.parameterChanges(page);
    return { items: rows.map(changeView), total };
  };
}
