/** Loads the item case, its application and catalogue item for a worker, or fails without retries. */
import { chineseWallTime } from '../domain/calendar/shanghai-day.ts';
import type { Tx } from '../infra/db/client.ts';
import { getApplication, getItemCase } from '../infra/db/case.repo.ts';
import { NonRetryableError } from '../infra/engine/port.ts';
import type { WorkerDeps } from './deps.ts';

export async function loadCase(deps: WorkerDeps, tx: Tx, caseId: string) {
  const itemCase = await getItemCase(tx, caseId);
  if (!itemCase) throw new NonRetryableError(`item case ${caseId} not found`);
  const application = await getApplication(tx, itemCase.applicationId);
  if (!application) throw new NonRetryableError(`application ${itemCase.applicationId} not found`);
  return { itemCase, application, item: deps.catalog.item(itemCase.itemCode) };
}

/** Beijing time for messages to people: 2026年6月1日 09:00. */
export function shanghaiTime(at: Date): string {
  return chineseWallTime(at);
}
