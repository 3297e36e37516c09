/**
 * What the check reads beyond the worker's test: what the project already holds — materials handed in
 * with its other applications, documents and e-certificates issued to its other cases (办法 §14).
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { createCheckMaterials } from './check-materials.ts';

describeEachDatabase('check-materials (初步核对) against what the project holds', (get) => {
  const f = workerFixture(get);

  it('reuses a material of another application, an e-certificate and a document the project holds, and asks only for the rest', async () => {
    // given a project whose planning permit (stage 2, which also handed in the construction contract M102) was issued
    // as an e-certificate, and whose construction-drawing review was issued as a document
    const planning = await f.apply({ items: ['ZH-S2-01'], stage: 2, materials: ['M102'] });
    const drawings = await f.apply({ items: ['ZH-S3-01'], projectCode: planning.projectCode, materials: [] });
    await f.store.transaction(async (uow) => {
      for (const [caseId, kind] of [
        [planning.caseIds[0]!, 'ECERT'],
        [drawings.caseIds[0]!, 'DOCUMENT'],
      ] as const) {
        await uow.cases.addResult({
          id: `${caseId}:RESULT`,
          caseId,
          kind,
          title: '结果',
          docNumber: `珠〔2026〕${caseId}号`,
          certificateId: kind === 'ECERT' ? '1.2.156.3005.2.X' : null,
          fileHash: null,
          fileUrl: null,
          status: '01',
          issuedAt: f.clock.now(),
        });
      }
    });
    // and a construction-permit application that uploads only its own forms
    const { applicationId } = await f.apply({
      items: ['ZH-S3-03'],
      projectCode: planning.projectCode,
      materials: ['M100', 'M104'],
    });
    // when the window checks it without findings
    const checkMaterials = createCheckMaterials({
      store: f.store,
      catalog: f.catalog,
      clock: f.clock,
      log: { warn: () => {} },
    });
    const checked = await checkMaterials({
      step: { jobType: 'approval.check-materials', elementInstanceKey: '1' },
      applicationId,
      findings: [],
      checkedBy: PEOPLE.window,
    });
    // then the permit, the contract and the review certificate are reused, nothing is asked again
    expect(checked).toEqual({ complete: true, missing: [] });
    const prechecked = (await f.events(applicationId)).find((e) => e.type === 'PRECHECKED')!;
    expect(prechecked.payload.reused).toEqual([
      { materialId: 'M101', itemCode: 'ZH-S3-03', ref: 'E_CERT:ZH-S2-01' },
      { materialId: 'M102', itemCode: 'ZH-S3-03', ref: 'MATERIAL:M102' },
      { materialId: 'M103', itemCode: 'ZH-S3-03', ref: 'RESULT:ZH-S3-01' },
    ]);
  });
});
