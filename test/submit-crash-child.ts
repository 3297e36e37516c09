/**
 * The submit crash test's child process: registers projects and submits stage applications as fast as
 * it can, on the real diagrams, until it is killed. Argument: a PostgreSQL URL or a PGlite directory.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../infra/db/client.ts';
import { systemClock } from '../infra/clock.ts';
import { loadCatalog } from '../infra/db/catalog.repo.ts';
import { readBpmnFiles } from '../infra/engine/bpmn-resources.ts';
import { createIntake } from './intake.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { buildEngine } from './engine-driver.ts';

const [target] = process.argv.slice(2);
const database = await openDatabase(target!.startsWith('postgres') ? { url: target } : { dataDir: target });
await loadCatalog(database.db, ZHUHAI_CATALOG);
const { port: engine } = buildEngine(database, systemClock);
await engine.deploy(readBpmnFiles());
const applications = createIntake({ database, engine, clock: systemClock });
const actor = { userId: 'crash-test', role: 'APPLICANT', departmentCode: null };
process.stdout.write('READY\n');
for (let i = 0; ; i += 1) {
  const code = `2604-440402-04-01-${String(100000 + Math.floor(Math.random() * 899999))}`;
  try {
    await applications.registerProject({
      code,
      name: `崩溃测试 ${randomUUID().slice(0, 8)}`,
      ownerName: '珠海示例建设有限公司',
      ownerUscc: '91440400MA4DEMO001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
  } catch {
    continue;
  } // a random code taken before
  await applications.submit({
    projectCode: code,
    stage: 3,
    items: ['ZH-S3-03', 'ZH-S3-04'],
    channel: 'online',
    actor,
    materials: [],
  });
}
