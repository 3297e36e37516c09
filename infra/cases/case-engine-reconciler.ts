/**
 * 对账 — the case store and the engine must tell the same story. At start-up (in the background) every
 * open stage application is checked against its process instance: one without an instance (and no
 * command still waiting in the outbox to create it), one whose instance the engine does not know, and
 * one whose instance ended while the application is still open are each reported — logged and counted
 * on /metrics (`case_engine_disagreements`) — for an operator to look at; nothing is changed.
 */
import { eq, notInArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { engineCommandOutbox, stageApplication } from '../db/schema.ts';
import type { EnginePort } from '../engine/port.ts';
import type { Logger } from '../logger.ts';

export type DisagreementKind = 'NO_PROCESS' | 'PROCESS_UNKNOWN' | 'PROCESS_ENDED';

export interface Disagreement {
  applicationId: string;
  state: string;
  kind: DisagreementKind;
  processInstanceKey: string | null;
}

/** Open applications whose engine state disagrees with theirs (`limit` applications checked per run). */
export async function findDisagreements(
  database: Database,
  engine: EnginePort,
  options: { limit?: number } = {},
): Promise<Disagreement[]> {
  const open = await database.db
    .select({ id: stageApplication.id, state: stageApplication.state, key: stageApplication.processInstanceKey })
    .from(stageApplication)
    .where(notInArray(stageApplication.state, ['DECIDED', 'WITHDRAWN']))
    .limit(options.limit ?? 100_000);
  const found: Disagreement[] = [];
  for (const app of open) {
    let key = app.key;
    if (!key) {
      // on a cluster the key is where the relayed creation left it; a creation still waiting is no disagreement
      const [command] = await database.db
        .select({ doneAt: engineCommandOutbox.doneAt, resultKey: engineCommandOutbox.resultKey })
        .from(engineCommandOutbox)
        .where(eq(engineCommandOutbox.dedupeKey, `instance:application:${app.id}`));
      if (command && !command.doneAt) continue;
      key = command?.resultKey ?? null;
    }
    if (!key) {
      found.push({ applicationId: app.id, state: app.state, kind: 'NO_PROCESS', processInstanceKey: null });
      continue;
    }
    const instance = await engine.getProcessInstance(key);
    if (!instance)
      found.push({ applicationId: app.id, state: app.state, kind: 'PROCESS_UNKNOWN', processInstanceKey: key });
    else if (instance.state !== 'ACTIVE')
      found.push({ applicationId: app.id, state: app.state, kind: 'PROCESS_ENDED', processInstanceKey: key });
  }
  return found;
}

export function createReconciler(deps: { database: Database; engine: EnginePort; logger: Logger }) {
  const logger = deps.logger.child({ component: 'reconciler' });
  let last: { at: Date; disagreements: number } | null = null;
  return {
    /** Checks once and reports; never throws. */
    async run(): Promise<Disagreement[]> {
      try {
        const found = await findDisagreements(deps.database, deps.engine);
        for (const d of found.slice(0, 100)) logger.warn(d, 'case and engine disagree');
        if (found.length > 0)
          logger.error(
            { disagreements: found.length },
            'cases whose engine state disagrees with their case state: look at them',
          );
        else logger.info('every open application has its running process');
        last = { at: new Date(), disagreements: found.length };
        return found;
      } catch (err) {
        logger.warn({ err }, 'reconciliation failed');
        return [];
      }
    },
    renderMetrics(): string {
      if (!last) return '';
      return [
        '# HELP case_engine_disagreements Open applications whose process instance is missing, unknown to the engine or ended (last reconciliation).',
        '# TYPE case_engine_disagreements gauge',
        `case_engine_disagreements ${last.disagreements}`,
        '',
      ].join('\n');
    },
  };
}
