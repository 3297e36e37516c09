/**
 * The process versions the embedded engine has deployed (newest first per process), for the API and
 * /health. A Camunda 8 cluster keeps its own (Operate); this store is empty then.
 */
import { desc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { engineProcessDefinition } from '../db/schema.ts';

export interface ProcessVersion {
  key: string;
  bpmnProcessId: string;
  version: number;
  checksum: string;
}

export async function listProcessVersions(db: DbOrTx): Promise<ProcessVersion[]> {
  const rows = await db
    .select({
      key: engineProcessDefinition.key,
      bpmnProcessId: engineProcessDefinition.bpmnProcessId,
      version: engineProcessDefinition.version,
      checksum: engineProcessDefinition.checksum,
    })
    .from(engineProcessDefinition)
    .orderBy(engineProcessDefinition.bpmnProcessId, desc(engineProcessDefinition.version));
  return rows.map((r) => ({ ...r, key: String(r.key) }));
}
