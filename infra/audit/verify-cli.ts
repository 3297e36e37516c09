/**
 * `npm run audit:verify` — walks the whole audit-log hash chain on the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR; stop the server first in embedded mode) and prints
 * every break with its position: altered, inserted or deleted rows. Exit code 0 when the chain
 * holds, 1 when it does not.
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
    console.log(
      `audit chain BROKEN: ${report.problemCount} break(s) in ${report.rows} rows, head seq ${report.headSeq}`,
    );
    for (const p of report.problems) console.log(`  ${p.kind} at seq ${p.seq} — ${p.message}`);
    if (report.problemCount > report.problems.length)
      console.log(`  … and ${report.problemCount - report.problems.length} more`);
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await database.close();
}
