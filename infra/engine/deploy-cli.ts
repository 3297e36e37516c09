/**
 * `npm run deploy -- <files…>`: deploys BPMN files to the configured engine (embedded database or a
 * Camunda 8 cluster). Without files, every diagram in bpmn/. Prints one line per process; exits 1 and
 * names the offending elements when the deployment is refused (nothing is deployed then).
 */
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../clock.ts';
import { readBpmnFiles } from './bpmn-resources.ts';
import { createEngine } from './create-engine.ts';
import { EngineError } from './port.ts';

const config = loadConfig();
const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
const files = process.argv.slice(2);
const database =
  config.engine.kind === 'embedded' ? await openDatabase({ url: config.db.url, dataDir: config.db.dataDir }) : null;
const { engine } = await createEngine(config, { database, clock: systemClock, logger });
let code = 0;
try {
  for (const p of await engine.deploy(readBpmnFiles(files.length ? files : undefined))) {
    console.log(
      `${p.isNew ? 'deployed' : 'unchanged'} ${p.bpmnProcessId} version ${p.version} (${p.resourceName}, key ${p.processDefinitionKey})`,
    );
  }
} catch (err) {
  code = 1;
  if (err instanceof EngineError && err.code === 'DEPLOY_INVALID') {
    console.error('Deployment refused; nothing was deployed:');
    for (const problem of err.details.problems ?? []) console.error(`  ${problem.elementId}: ${problem.message}`);
  } else {
    console.error((err as Error).message);
  }
} finally {
  await engine.close();
  await database?.close();
}
process.exit(code);
