/**
 * approval.check-materials — 初步核对: combines the window's item-by-item check with the catalogue and
 * what the project already holds (办法 §14: shareable materials and e-certificates are reused, never
 * asked again) and outputs the complete missing list.
 */
import { getApplication, itemCasesOfApplication, materialsOfProject, resultsOfProject } from '../../infra/db/case.repo.ts';
import { resolveMaterials } from '../../domain/catalog/material-reuse.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, requireString, transact } from '../step.ts';

interface WindowCheck { materialId: string; ok: boolean; note?: string }

export function createCheckMaterialsWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.checkMaterials,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const checks = (Array.isArray(job.variables.materialChecks) ? job.variables.materialChecks : []) as WindowCheck[];
      return transact(deps, async (tx) => {
        const application = await getApplication(tx, applicationId);
        if (!application) throw new NonRetryableError(`application ${applicationId} not found`);
        const [cases, held, results] = await Promise.all([
          itemCasesOfApplication(tx, applicationId), materialsOfProject(tx, application.projectCode), resultsOfProject(tx, application.projectCode),
        ]);
        const uploadedNow = held.filter((m) => m.applicationId === applicationId && m.source === 'upload').map((m) => m.materialId);
        const rejected = new Set(checks.filter((c) => !c.ok).map((c) => c.materialId));
        const heldRefs = [
          ...held.filter((m) => m.applicationId !== applicationId).map((m) => ({ materialId: m.materialId })),
          ...results.map((r) => (r.kind === 'ECERT' ? { certificateOf: r.itemCode } : { fromItemCode: r.itemCode })),
        ];
        const missing = new Map<string, { materialId: string; nameZh: string; itemCode: string; reason: string }>();
        const reused: { materialId: string; itemCode: string; ref: string | undefined }[] = [];
        for (const c of cases) {
          const item = deps.catalog.item(c.itemCode);
          for (const r of resolveMaterials(item, uploadedNow.filter((id) => !rejected.has(id)), heldRefs)) {
            const material = item.materials.find((m) => m.id === r.materialId)!;
            if (r.status === 'MISSING') missing.set(r.materialId, { materialId: r.materialId, nameZh: material.nameZh, itemCode: c.itemCode, reason: rejected.has(r.materialId) ? checks.find((x) => x.materialId === r.materialId)?.note ?? '不符合要求' : '未提交' });
            if (r.status === 'REUSED') reused.push({ materialId: r.materialId, itemCode: c.itemCode, ref: r.reuseRef });
          }
        }
        const missingMaterials = [...missing.values()];
        await append(deps, tx, job, {
          aggregateId: applicationId, aggregate: 'APPLICATION', type: 'PRECHECKED', actor: SYSTEM_ACTOR,
          payload: { checks, missing: missingMaterials, reused },
        });
        return { outcome: 'complete', variables: { materialsComplete: missingMaterials.length === 0, missingMaterials } };
      });
    },
  };
}
