/**
 * 初步核对 — combines the window's item-by-item check with the catalogue and what the project already
 * holds (办法 §14: shareable materials and e-certificates are reused, never asked again) through the
 * domain's initialCheck. The PRECHECKED event carries every material's status (OK / DEFECTIVE / MISSING
 * / REUSED) and the complete missing list (missing and defective materials, each once, with the
 * window's note as the reason), recorded as the window clerk who completed the check.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import { initialCheck, type WindowFinding } from '../../domain/case/initial-check.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireApplication, type ProcessStep } from '../process-step.ts';

export interface MissingMaterial {
  materialId: string;
  nameZh: string;
  itemCode: string;
  reason: string;
}

export interface CheckMaterialsInput {
  step: ProcessStep;
  applicationId: string;
  findings: readonly WindowFinding[];
  checkedBy: Actor | null;
}

export function createCheckMaterials(deps: { store: Store; catalog: CatalogIndex; clock: Clock; log: Logger }) {
  return async function checkMaterials(
    input: CheckMaterialsInput,
  ): Promise<{ complete: boolean; missing: MissingMaterial[] }> {
    const { applicationId, findings } = input;
    const now = deps.clock.now();
    return deps.store.transaction(async (uow) => {
      const application = await requireApplication(uow, applicationId);
      // one transaction is one connection: its statements go in turn
      const cases = await uow.cases.itemCasesOf([applicationId]);
      const held = await uow.cases.materialsOfProject(application.projectCode);
      const results = await uow.cases.resultsOfProject(application.projectCode);
      const uploadedNow = held
        .filter((m) => m.applicationId === applicationId && m.source === 'upload')
        .map((m) => m.materialId);
      const heldRefs = [
        ...held.filter((m) => m.applicationId !== applicationId).map((m) => ({ materialId: m.materialId })),
        ...results.map((r) => (r.kind === 'ECERT' ? { certificateOf: r.itemCode } : { fromItemCode: r.itemCode })),
      ];
      const checked = initialCheck(
        cases.map((c) => deps.catalog.item(c.itemCode)),
        uploadedNow,
        heldRefs,
        findings,
      );
      const missing = checked.missing.map((m) => ({
        materialId: m.materialId,
        nameZh: m.nameZh,
        itemCode: m.itemCode,
        reason: m.status === 'DEFECTIVE' ? (m.note ?? '不符合要求') : '未提交',
      }));
      const reused = checked.results
        .filter((r) => r.status === 'REUSED')
        .map((r) => ({ materialId: r.materialId, itemCode: r.itemCode, ref: r.reuseRef }));
      await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'PRECHECKED',
          actor: personOrSystem(input.checkedBy, deps.log, { aggregateId: applicationId, event: 'PRECHECKED' }),
          payload: { checks: findings, results: checked.results, missing, reused },
        },
        now,
      );
      return { complete: missing.length === 0, missing };
    });
  };
}

export type CheckMaterials = ReturnType<typeof createCheckMaterials>;
