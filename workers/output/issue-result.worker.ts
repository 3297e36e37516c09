/**
 * approval.issue-result — 统一出件 (办法 §17): an approved item whose result is an e-certificate gets one
 * from the provincial digital space (制证 + 电子印章); every other result is a document with a number.
 * The result is linked to the case; the certificate service de-duplicates on the case id. Issued in the
 * name of the head who decided in Task_Decide (`completedBy`, local to the case's decision scope).
 */
import { resultDocument } from '../../infra/db/schema.ts';
import { getProject } from '../../infra/db/case.repo.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, requireString, transact } from '../step.ts';
import { loadCase } from '../case-context.ts';

export function createIssueResultWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.issueResult,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const now = deps.clock.now();
      const ctx = await transact(deps, async (tx) => {
        const loaded = await loadCase(deps, tx, caseId);
        return { ...loaded, project: await getProject(tx, loaded.itemCase.projectCode) };
      });
      const approved = ctx.itemCase.decision === 'APPROVED' || ctx.itemCase.decision === 'APPROVED_WITH_CONDITIONS';
      const docNumber = `珠${ctx.itemCase.department}〔${now.getUTCFullYear()}〕${(ctx.itemCase.caseNumber ?? caseId).slice(-5)}号`;
      let certificate: { identifier: string; fileHash: string; fileUrl: string } | null = null;
      if (approved && ctx.item.result.eCert) {
        const department = deps.catalog.department(ctx.itemCase.department);
        certificate = await deps.certificates.issue({
          typeCode: `11440400MB2C91103Q${ctx.item.code.replace(/\D/g, '').padStart(3, '0').slice(-3)}`, typeName: ctx.item.result.nameZh,
          holder: { name: ctx.project?.ownerName ?? '建设单位', code: ctx.project?.ownerUscc ?? '91440400000000000X', codeType: '001' },
          issuer: { name: department.nameZh, uscc: department.uscc ?? '11440400007000000X' },
          relatedItem: { code: ctx.item.code, name: ctx.item.nameZh }, businessData: { caseNumber: ctx.itemCase.caseNumber, projectCode: ctx.itemCase.projectCode, docNumber },
          validFrom: now.toISOString().slice(0, 10), areaCode: ctx.itemCase.regionCode, idempotencyKey: `result:${caseId}`,
        });
      }
      const title = approved ? ctx.item.result.nameZh : '不予许可决定书';
      await transact(deps, async (tx) => {
        if (await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'RESULT_ISSUED', actor: actorOf(job, 'completedBy', { userId: 'head', role: 'DEPT_HEAD', departmentCode: ctx.itemCase.department }), payload: { title, docNumber, certificateId: certificate?.identifier ?? null } })) {
          await tx.insert(resultDocument).values({
            id: `${caseId}:RESULT`, caseId, kind: certificate ? 'ECERT' : 'DOCUMENT', title, docNumber, certificateId: certificate?.identifier ?? null,
            fileHash: certificate?.fileHash ?? null, fileUrl: certificate?.fileUrl ?? null, status: certificate ? '01' : 'ISSUED', issuedAt: now,
          }).onConflictDoNothing();
        }
      });
      return { outcome: 'complete', variables: { result: { caseId, title, docNumber, certificateId: certificate?.identifier ?? null } } };
    },
  };
}
