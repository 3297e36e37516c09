/**
 * 恢复计时 — after a supplement the lead department's extension (办法 §15) is added to the limit when
 * decided; the clock itself resumed with the re-submission (the application service records it with
 * SUPPLEMENT_RECEIVED), so the days the lead takes to decide are counted. After a rectification (and
 * for a supplement message published straight to the engine) the clock resumes here, with exactly the
 * time that was left.
 *
 * EXTENDED is the lead's person who decided the extension, RECTIFIED whoever reported the
 * rectification. SUPPLEMENT_RECEIVED is written here only when the application service did not record
 * it with the applicant's identity already: no person is known then.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

const DEFAULT_EXTENSION_REASON = '补件导致审批时限延长(办法第十五条)';

export interface ResumeClockInput {
  step: ProcessStep;
  caseId: string;
  /** Working days the lead added (0: none). */
  extensionDays: number;
  extensionReason: string | null;
  extendedBy: Actor | null;
  rectifiedBy: Actor | null;
}

export function createResumeClock(deps: { store: Store; catalog: CatalogIndex; clock: Clock; log: Logger }) {
  return async function resumeClock(input: ResumeClockInput): Promise<void> {
    const { caseId, step, extensionDays: days } = input;
    const now = deps.clock.now();
    const clockId = adminClockId(caseId);
    await deps.store.transaction(async (uow) => {
      const { itemCase, application } = await requireItemCase(uow, deps.catalog, caseId);
      const event = (
        type: 'RECTIFIED' | 'EXTENDED' | 'SUPPLEMENT_RECEIVED',
        person: Actor | null,
        payload: Record<string, unknown>,
      ) =>
        appendStepEvent(
          uow,
          step,
          {
            aggregateId: caseId,
            aggregate: 'CASE',
            type,
            actor: personOrSystem(person, deps.log, { aggregateId: caseId, event: type }),
            payload,
          },
          now,
        );
      if (itemCase.state === 'RECTIFICATION') await event('RECTIFIED', input.rectifiedBy, {});
      if (Number.isInteger(days) && days > 0) {
        const reason = input.extensionReason ?? DEFAULT_EXTENSION_REASON;
        if (await event('EXTENDED', input.extendedBy, { days, reason })) {
          await uow.clocks.append(clockId, {
            type: 'EXTEND',
            at: now,
            days,
            by: application.leadDepartment,
            why: reason,
          });
        }
      }
      const resumed = itemCase.state !== 'SUPPLEMENT_PENDING' || (await event('SUPPLEMENT_RECEIVED', null, {}));
      const current = await uow.clocks.clock(clockId);
      const lastToggle = current?.events.filter((e) => e.type === 'PAUSE' || e.type === 'RESUME').at(-1);
      if (resumed && lastToggle?.type === 'PAUSE') await uow.clocks.append(clockId, { type: 'RESUME', at: now });
    });
  };
}

export type ResumeClock = ReturnType<typeof createResumeClock>;
