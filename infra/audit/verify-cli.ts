/**
 * `npm run audit:verify` — walks the audit log's hash chain on the configured database (DATABASE_URL,
 * or the embedded one in DATA_DIR; stop the server first in embedded mode) and reports the first
 * altered, inserted or deleted row. Exit code 0 when the chain holds, 1 when it does not.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { verifyAuditChain } from '../db/audit.repo.ts';

const config = loadConfig();
const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir });
try {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    console.log(`audit chain intact: ${report.rows} rows, head seq ${report.headSeq}`);
  } else {
    console.log(`audit chain BROKEN: ${report.problem!.kind} at seq ${report.problem!.seq} — ${report.problem!.message} (${report.rows} rows verified before it, head seq ${report.headSeq})`);
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await database.close();
}
