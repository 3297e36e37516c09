/**
 * 异常处置 — the department explains a flag on its case (EXPLAINED); a supervisor confirms or dismisses
 * it (CONFIRMED / DISMISSED). The move is judged on the locked flag (domain/supervision/flag-status.ts)
 * and kept in its history. A flag outside what the actor may read does not exist for them (404).
 */
import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { assertFlagTransition, type FlagActor } from '../../domain/supervision/flag-status.ts';
import { flagResource, flagViews, type FlagView } from './flag-view.ts';

export interface FlagMove {
  to: 'EXPLAINED' | 'CONFIRMED' | 'DISMISSED';
  note: string;
}

const flagNotFound = (id: number) => new DomainError('FLAG_NOT_FOUND', `异常 ${id} 不存在`, { field: 'params.id' });

export function createTransitionAnomaly(deps: { supervision: SupervisionRepository; clock: Clock }) {
  return async function transitionAnomaly(actor: Actor, id: number, move: FlagMove): Promise<FlagView> {
    const flag = await deps.supervision.flag(id);
    if (!flag || !can(actor, 'anomaly.read', flagResource(flag))) throw flagNotFound(id);
    const by: FlagActor = move.to === 'EXPLAINED' ? 'DEPARTMENT' : 'SUPERVISOR';
    if (!can(actor, by === 'DEPARTMENT' ? 'anomaly.explain' : 'supervision.act', flagResource(flag))) {
      throw new DomainError(
        'FORBIDDEN',
        by === 'SUPERVISOR' ? '确认或撤销异常须由监察人员办理' : '说明异常须由办理部门提交',
        { field: 'body.to' },
      );
    }
    const at = deps.clock.now();
    const updated = await deps.supervision.transitionFlag(flag.id, (locked) => {
      assertFlagTransition(locked.status, move.to, by, move.note);
      return { toStatus: move.to, actorUserId: actor.userId, actorRole: by, note: move.note, at };
    });
    if (!updated) throw flagNotFound(id);
    return (await flagViews(deps.supervision, [updated]))[0]!;
  };
}
