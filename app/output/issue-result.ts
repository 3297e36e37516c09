/**
 * 统一出件 (办法 §17) — an approved item whose result is an e-certificate gets one from the provincial
 * digital space (制证 + 电子印章); every other result is a document with a number. The result is linked
 * to the case; the certificate service de-duplicates on the case id. Issued in the name of the head who
 * decided.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { CertificateService, IssuedCertificate } from '../../domain/ports/certificates.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface IssueResultInput {
  step: ProcessStep;
  caseId: string;
  issuedBy: Actor | null;
}

export interface IssuedResult {
  caseId: string;
  title: string;
  docNumber: string;
  certificateId: string | null;
}

export function createIssueResult(deps: {
  store: Store;
  catalog: CatalogIndex;
  certificates: CertificateService;
  clock: Clock;
  log: Logger;
}) {
  return async function issueResult(input: IssueResultInput): Promise<IssuedResult> {
    const { caseId } = input;
    const now = deps.clock.now();
    const { itemCase, item } = await requireItemCase(deps.store.read, deps.catalog, caseId);
    const project = await deps.store.read.cases.project(itemCase.projectCode);
    const approved = itemCase.decision === 'APPROVED' || itemCase.decision === 'APPROVED_WITH_CONDITIONS';
    const docNumber = `珠${itemCase.department}〔${now.getUTCFullYear()}〕${(itemCase.caseNumber ?? caseId).slice(-5)}号`;
    let certificate: IssuedCertificate | null = null;
    if (approved && item.result.eCert) {
      const department = deps.catalog.department(itemCase.department);
      certificate = await deps.certificates.issue({
        typeCode: `11440400MB2C91103Q${item.code.replace(/\D/g, '').padStart(3, '0').slice(-3)}`,
        typeName: item.result.nameZh,
        holder: {
          name: project?.ownerName ?? '建设单位',
          code: project?.ownerUscc ?? '91440400000000000X',
          codeType: '001',
        },
        issuer: { name: department.nameZh, uscc: department.uscc ?? '11440400007000000X' },
        relatedItem: { code: item.code, name: item.nameZh },
        businessData: { caseNumber: itemCase.caseNumber, projectCode: itemCase.projectCode, docNumber },
        validFrom: now.toISOString().slice(0, 10),
        areaCode: itemCase.regionCode,
        idempotencyKey: `result:${caseId}`,
      });
    }
    const title = approved ? item.result.nameZh : '不予许可决定书';
    const certificateId = certificate?.identifier ?? null;
    await deps.store.transaction(async (uow) => {
      const fresh = await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'RESULT_ISSUED',
          actor: personOrSystem(input.issuedBy, deps.log, { aggregateId: caseId, event: 'RESULT_ISSUED' }),
          payload: { title, docNumber, certificateId },
        },
        now,
      );
      if (!fresh) return;
      await uow.cases.addResult({
        id: `${caseId}:RESULT`,
        caseId,
        kind: certificate ? 'ECERT' : 'DOCUMENT',
        title,
        docNumber,
        certificateId,
        fileHash: certificate?.fileHash ?? null,
        fileUrl: certificate?.fileUrl ?? null,
        status: certificate ? '01' : 'ISSUED',
        issuedAt: now,
      });
    });
    return { caseId, title, docNumber, certificateId };
  };
}

export type IssueResult = ReturnType<typeof createIssueResult>;
