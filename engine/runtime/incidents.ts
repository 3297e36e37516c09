/**
 * Incidents: listed, and resolved — a job's incident makes its job activatable again (once its retries
 * were updated); any other re-runs the operation that raised it.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Incident, IncidentState, Key } from '../api.ts';
import { EngineError } from '../errors.ts';
import { loadInstanceForUpdate } from '../store/instance-store.ts';
import { engineIncident, engineJob } from '../store/tables.ts';
import type { EngineCore } from './engine-core.ts';

export async function listIncidents(
  core: EngineCore,
  query: { processInstanceKey?: Key; state?: IncidentState } = {},
): Promise<Incident[]> {
  const conds = [];
  if (query.processInstanceKey) conds.push(eq(engineIncident.processInstanceKey, query.processInstanceKey));
  if (query.state) conds.push(eq(engineIncident.state, query.state));
  const rows = await core.db
    .select()
    .from(engineIncident)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(engineIncident.key))
    .limit(1000);
  return rows.map((r) => ({
    key: r.key,
    processInstanceKey: r.processInstanceKey,
    elementInstanceKey: r.elementInstanceKey,
    elementId: r.elementId,
    jobKey: r.jobKey,
    errorType: r.errorType,
    errorMessage: r.errorMessage,
    state: r.state,
    createdAt: r.createdAt,
  }));
}

export async function resolveIncident(core: EngineCore, incidentKey: Key): Promise<void> {
  const result = await core.transact(async (tx) => {
    const peek = (await tx.select().from(engineIncident).where(eq(engineIncident.key, incidentKey)))[0];
    if (!peek) throw new EngineError('NOT_FOUND', `incident ${incidentKey} not found`);
    await loadInstanceForUpdate(tx, peek.processInstanceKey);
    const incident = (
      await tx.select().from(engineIncident).where(eq(engineIncident.key, incidentKey)).for('update')
    )[0]!;
    if (incident.state !== 'ACTIVE')
      throw new EngineError('INVALID_STATE', `incident ${incidentKey} is already resolved`);
    await tx
      .update(engineIncident)
      .set({ state: 'RESOLVED', resolvedAt: core.now() })
      .where(eq(engineIncident.key, incidentKey));
    if (incident.jobKey) {
      const job = (await tx.select().from(engineJob).where(eq(engineJob.key, incident.jobKey)).for('update'))[0];
      if (job) {
        if (job.retries <= 0)
          throw new EngineError(
            'INVALID_STATE',
            `job ${job.key} has no retries left: update its retries before resolving the incident`,
          );
        await tx
          .update(engineJob)
          .set({ state: 'ACTIVATABLE', retryAt: null, deadline: null, leaseOwner: null })
          .where(eq(engineJob.key, job.key));
        return { jobTypes: new Set([job.type]), timers: false };
      }
    }
    return core.process(tx, [
      {
        instanceKey: incident.processInstanceKey,
        command: { c: 'incident.resolve', elementInstanceKey: incident.elementInstanceKey },
      },
    ]);
  });
  core.notify(result);
}
