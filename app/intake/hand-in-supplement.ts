/**
 * 补齐补正 / 补件 — the applicant (or the window on their behalf) hands in what was asked for: before
 * receipt the materials of the one-time supplement notice (the application waits in SUPPLEMENT_PENDING),
 * after acceptance what a department asked for (the item case waits). After acceptance the clock paused
 * by the request resumes now, with the re-submission (BRIEF §2.2): the time the lead department then
 * takes to decide an extension (办法 §15) is counted.
 */
import { randomUUID } from 'node:crypto';
import { assertCan, can } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import { DomainError } from '../../domain/errors.ts';
import { MESSAGES } from '../../domain/process-contract.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { loadApplication, projectSide, readableCase, type CaseResource } from '../cases/case-scope.ts';
import { materialInputs, type MaterialBody } from './material-files.ts';
import { eventActorOf } from './submit-application.ts';

export interface HandInSupplementDeps {
  store: Store;
  clock: Clock;
}

/** The owner hands in for its project; otherwise it is the window's intake. */
export function assertApplicantSide(actor: Actor, resource: CaseResource): void {
  if (!can(actor, 'project.write', projectSide(resource))) assertCan(actor, 'case.intake', resource);
}

const MESSAGE_TTL_MS = 3_600_000;

export function createHandInSupplement(deps: HandInSupplementDeps) {
  return {
    /** Before receipt: the materials of the supplement notice, for the whole application. */
    async toApplication(
      actor: Actor,
      applicationId: string,
      materials: readonly MaterialBody[],
    ): Promise<{ accepted: true }> {
      const { application, resource } = await loadApplication(deps.store.read, applicationId);
      assertApplicantSide(actor, resource);
      if (application.state !== 'SUPPLEMENT_PENDING')
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `申报状态为 ${application.state},无待补正的通知`, {
          field: 'params.id',
        });
      const inputs = materialInputs(materials);
      const now = deps.clock.now();
      await deps.store.transaction(async (uow) => {
        await uow.cases.addMaterials(application.id, inputs, now);
        await uow.cases.appendEvent(
          {
            aggregateId: application.id,
            aggregate: 'APPLICATION',
            type: 'SUPPLEMENT_RECEIVED',
            actor: eventActorOf(actor),
            businessTime: now,
            payload: { materials: inputs.map((m) => m.materialId) },
          },
          now,
        );
        await uow.engine.publishMessage({
          name: MESSAGES.supplemented,
          correlationKey: application.id,
          messageId: randomUUID(),
          timeToLiveMs: MESSAGE_TTL_MS,
          variables: { supplementedAt: now.toISOString() },
        });
      });
      return { accepted: true };
    },

    /** After acceptance: what a department asked for, for one item case; its clock resumes. */
    async toCase(actor: Actor, caseId: string, materials: readonly MaterialBody[]): Promise<{ accepted: true }> {
      const { row, resource } = await readableCase(deps.store.read, actor, caseId);
      assertApplicantSide(actor, resource);
      if (row.state !== 'SUPPLEMENT_PENDING')
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},无待补的材料`, {
          field: 'params.caseId',
        });
      const inputs = materialInputs(materials);
      const now = deps.clock.now();
      await deps.store.transaction(async (uow) => {
        await uow.cases.addMaterials(row.applicationId, inputs, now);
        await uow.cases.appendEvent(
          {
            aggregateId: row.id,
            aggregate: 'CASE',
            type: 'SUPPLEMENT_RECEIVED',
            actor: eventActorOf(actor),
            businessTime: now,
            payload: { materials: inputs.map((m) => m.materialId) },
          },
          now,
        );
        const clock = await uow.clocks.clock(adminClockId(row.id));
        const lastToggle = clock?.events.filter((e) => e.type === 'PAUSE' || e.type === 'RESUME').at(-1);
        if (lastToggle?.type === 'PAUSE' && lastToggle.reason === 'SUPPLEMENT')
          await uow.clocks.append(adminClockId(row.id), { type: 'RESUME', at: now });
        await uow.engine.publishMessage({
          name: MESSAGES.itemSupplemented,
          correlationKey: row.id,
          messageId: randomUUID(),
          timeToLiveMs: MESSAGE_TTL_MS,
        });
      });
      return { accepted: true };
    },
  };
}
export type HandInSupplement = ReturnType<typeof createHandInSupplement>;
