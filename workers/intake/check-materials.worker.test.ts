import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { PEOPLE, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createCheckMaterialsWorker } from './check-materials.worker.ts';

const TYPE = JOB_TYPES.checkMaterials;

describeEachDatabase('approval.check-materials worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createCheckMaterialsWorker(f.steps);

  describe('valid input', () => {
    it('outputs the complete missing list and records PRECHECKED as the clerk who checked', async () => {
      // given a construction-permit application without its funding pledge (M104)
      const { applicationId } = await f.apply({ items: ['ZH-S3-03'], materials: ['M100', 'M101', 'M102', 'M103'] });
      // when the window found the application form unsigned
      const outcome = await worker().handler(
        f.job(TYPE, {
          applicationId,
          materialChecks: [{ materialId: 'M100', ok: false, note: '未盖章' }],
          checkedBy: PEOPLE.window,
        }),
      );
      // then both are missing, each with its reason, and the check is the clerk's
      expect(outcome).toEqual({
        outcome: 'complete',
        variables: {
          materialsComplete: false,
          missingMaterials: [
            { materialId: 'M100', nameZh: '施工许可申请表', itemCode: 'ZH-S3-03', reason: '未盖章' },
            { materialId: 'M104', nameZh: '建设资金落实承诺书(告知承诺)', itemCode: 'ZH-S3-03', reason: '未提交' },
          ],
        },
      });
      const prechecked = (await f.events(applicationId)).filter((e) => e.type === 'PRECHECKED');
      expect(prechecked.map((e) => e.actor)).toEqual([PEOPLE.window]);
      expect(prechecked[0]!.payload.missing).toHaveLength(2);
    });

    it('finds nothing missing when every material is there and found fit', async () => {
      // given an application with every material
      const { applicationId } = await f.apply({ items: ['ZH-S3-04'] });
      // when the window checked it without findings
      const outcome = await worker().handler(
        f.job(TYPE, { applicationId, materialChecks: [], checkedBy: PEOPLE.window }),
      );
      // then it is complete
      expect(outcome).toEqual({ outcome: 'complete', variables: { materialsComplete: true, missingMaterials: [] } });
    });
  });

  it('refuses a malformed finding without retries, naming the variable', async () => {
    // given an application
    const { applicationId } = await f.apply({ items: ['ZH-S3-04'] });
    // when a finding's ok is not a boolean, or the application id is missing
    const bad = worker().handler(f.job(TYPE, { applicationId, materialChecks: [{ materialId: 'M110', ok: 'no' }] }));
    const missing = worker().handler(f.job(TYPE, { materialChecks: [] }));
    // then the job is an incident saying which variable is wrong
    await expect(bad).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable materialChecks.0.ok must be boolean — got "no"'),
    });
    await expect(missing).rejects.toMatchObject({
      name: 'NonRetryableError',
      message: expect.stringContaining('variable applicationId is missing'),
    });
    expect((await f.events(applicationId)).map((e) => e.type)).toEqual(['SUBMITTED']);
  });

  it('records nothing twice when the job is delivered again', async () => {
    // given a job already handled
    const { applicationId } = await f.apply({ items: ['ZH-S3-04'], materials: [] });
    const job = f.job(TYPE, { applicationId, materialChecks: [], checkedBy: PEOPLE.window });
    const first = await worker().handler(job);
    // when it is delivered again
    const second = await worker().handler(job);
    // then the outcome is the same and PRECHECKED is recorded once
    expect(second).toEqual(first);
    expect((await f.events(applicationId)).map((e) => e.type)).toEqual(['SUBMITTED', 'PRECHECKED']);
  });
});
