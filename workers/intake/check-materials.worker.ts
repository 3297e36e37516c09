/**
 * approval.check-materials — 初步核对: combines the window's item-by-item check with the catalogue and
 * what the project already holds (办法 §14: shareable materials and e-certificates are reused, never
 * asked again) through the domain's initialCheck, and outputs its complete missing list (missing and
 * defective materials, each once, with the window's note as the reason). Recorded as the window clerk
 * who completed Task_InitialCheck (`checkedBy`).
 */
import { getApplication, itemCasesOfApplication, materialsOfProject, resultsOfProject } from '../../infra/db/case.repo.ts';
import { initialCheck, type WindowFinding } from '../../domain/case/initial-check.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, requireString, transact } from '../step.ts';

export function createCheckMaterialsWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.checkMaterials,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const checks = (Array.isArray(job.variables.materialChecks) ? job.variables.materialChecks : []) as WindowFinding[];
      return transact(deps, async (tx) => {
        const application = await getApplication(tx, applicationId);
        if (!application) throw new NonRetryableError(`application ${applicationId} not found`);
        // one transaction is one connection: its statements go in turn
        const cases = await itemCasesOfApplication(tx, applicationId);
        const held = await materialsOfProject(tx, application.projectCode);
        const results = await resultsOfProject(tx, application.projectCode);
        const uploadedNow = held.filter((m) => m.applicationId === applicationId && m.source === 'upload').map((m) => m.materialId);
        const heldRefs = [
          ...held.filter((m) => m.applicationId !== applicationId).map((m) => ({ materialId: m.materialId })),
          ...results.map((r) => (r.kind === 'ECERT' ? { certificateOf: r.itemCode } : { fromItemCode: r.itemCode })),
        ];
        const checked = initialCheck(cases.map((c) => deps.catalog.item(c.itemCode)), uploadedNow, heldRefs, checks);
        const missingMaterials = checked.missing.map((m) => ({ materialId: m.materialId, nameZh: m.nameZh, itemCode: m.itemCode, reason: m.status === 'DEFECTIVE' ? m.note ?? '不符合要求' : '未提交' }));
        const reused = checked.results.filter((r) => r.status === 'REUSED').map((r) => ({ materialId: r.materialId, itemCode: r.itemCode, ref: r.reuseRef }));
        await append(deps, tx, job, {
          aggregateId: applicationId, aggregate: 'APPLICATION', type: 'PRECHECKED', actor: actorOf(job, 'checkedBy', SYSTEM_ACTOR),
          payload: { checks, results: checked.results, missing: missingMaterials, reused },
        });
        return { outcome: 'complete', variables: { materialsComplete: missingMaterials.length === 0, missingMaterials } };
      });
    },
  };
}
