import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { buildEngine } from '../../test/engine-driver.ts';
import { ManualClock } from '../clock.ts';
import { loadCatalog } from '../db/catalog.repo.ts';
import { stageApplication } from '../db/schema.ts';
import { readBpmnFiles } from '../engine/bpmn-resources.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { createIntake } from '../../test/intake.ts';
import { findDisagreements } from './case-engine-reconciler.ts';

describeEachDatabase('reconciling cases with the engine', (get) => {
  const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
  const actor = { userId: 'u1', role: 'APPLICANT', departmentCode: null };
  let built: ReturnType<typeof buildEngine>;
  let applications: ReturnType<typeof createIntake>;
  beforeAll(async () => {
    await loadCatalog(get().db, ZHUHAI_CATALOG);
    built = buildEngine(get(), clock);
    await built.port.deploy(readBpmnFiles());
    applications = createIntake({ database: get(), engine: built.port, clock });
  });
  const submit = async (code: string) => {
    await applications.registerProject({
      code,
      name: '对账项目',
      ownerName: '珠海示例建设有限公司',
      ownerUscc: '91440400MA4DEMO001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
    return applications.submit({
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-04'],
      channel: 'online',
      actor,
      materials: [],
    });
  };

  it('reports an open application without its process and one whose process ended; nothing for a sound one', async () => {
    // given a sound application, one whose process was cancelled behind its back, and one whose key was lost
    const sound = await submit('2604-440402-04-01-910001');
    const ended = await submit('2604-440402-04-01-910002');
    await built.port.cancelInstance(ended.processInstanceKey!);
    const lost = await submit('2604-440402-04-01-910003');
    await get()
      .db.update(stageApplication)
      .set({ processInstanceKey: null })
      .where(eq(stageApplication.id, lost.applicationId));
    // when reconciled
    const found = await findDisagreements(get(), built.port);
    // then the two are reported with what is wrong, and the sound one is not
    expect(found.map((d) => [d.applicationId, d.kind]).sort()).toEqual(
      [
        [ended.applicationId, 'PROCESS_ENDED'],
        [lost.applicationId, 'NO_PROCESS'],
      ].sort(),
    );
    expect(found.some((d) => d.applicationId === sound.applicationId)).toBe(false);
  });
});
