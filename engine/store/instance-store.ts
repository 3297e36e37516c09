/**
 * Rows of the embedded engine: loading and saving execution documents, their history, and the
 * buffered messages a new subscription takes, in the caller's transaction. The rows a step's effects
 * imply (jobs, user tasks, timers, subscriptions, incidents) are effect-rows.ts.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { EngineTx } from './database.ts';
import { engineHistory, engineJob, engineMessage, engineProcessInstance } from './tables.ts';
import type { Variables } from '../api.ts';
import type { HistoryEntry, InstanceDocument } from '../execution/document.ts';

export interface InstanceRow {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  doc: InstanceDocument;
  isNew: boolean;
  createdAt: Date;
}

function toInstanceRow(row: typeof engineProcessInstance.$inferSelect): InstanceRow {
  return {
    key: row.key,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    doc: row.document as InstanceDocument,
    isNew: false,
    createdAt: row.createdAt,
  };
}

export async function loadInstanceForUpdate(tx: EngineTx, key: string): Promise<InstanceRow | null> {
  const rows = await tx.select().from(engineProcessInstance).where(eq(engineProcessInstance.key, key)).for('update');
  return rows[0] ? toInstanceRow(rows[0]) : null;
}

/** Locks the instance a job belongs to, in one statement. */
export async function loadInstanceOfJobForUpdate(tx: EngineTx, jobKey: string): Promise<InstanceRow | null> {
  const rows = await tx
    .select()
    .from(engineProcessInstance)
    .where(
      eq(
        engineProcessInstance.key,
        sql`(select ${engineJob.processInstanceKey} from ${engineJob} where ${engineJob.key} = ${jobKey})`,
      ),
    )
    .for('update');
  return rows[0] ? toInstanceRow(rows[0]) : null;
}

export async function saveInstance(tx: EngineTx, row: InstanceRow, now: Date): Promise<void> {
  const state = row.doc.ended ?? 'ACTIVE';
  const endedAt = row.doc.ended ? now : null;
  if (row.isNew) {
    await tx.insert(engineProcessInstance).values({
      key: row.key,
      processDefinitionKey: row.processDefinitionKey,
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      state,
      parentProcessInstanceKey: row.doc.parent?.processInstanceKey ?? null,
      parentElementInstanceKey: row.doc.parent?.elementInstanceKey ?? null,
      document: row.doc,
      revision: 1,
      createdAt: now,
      endedAt,
    });
    row.isNew = false;
    return;
  }
  await tx
    .update(engineProcessInstance)
    .set({ document: row.doc, state, endedAt, revision: sql`${engineProcessInstance.revision} + 1` })
    .where(eq(engineProcessInstance.key, row.key));
}

export async function writeHistory(
  tx: EngineTx,
  processInstanceKey: string,
  entries: HistoryEntry[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(engineHistory).values(entries.map((h) => ({ processInstanceKey, ...h, at: now })));
}

/** A buffered, unexpired message for a subscription that just opened (once per process). */
export async function takeBufferedMessage(
  tx: EngineTx,
  name: string,
  correlationKey: string,
  bpmnProcessId: string,
  now: Date,
): Promise<Variables | null> {
  const rows = await tx
    .select()
    .from(engineMessage)
    .where(
      and(
        eq(engineMessage.name, name),
        eq(engineMessage.correlationKey, correlationKey),
        gt(engineMessage.expiresAt, now),
        sql`not (${engineMessage.correlatedTo} @> ${JSON.stringify([bpmnProcessId])}::jsonb)`,
      ),
    )
    .orderBy(engineMessage.publishedAt, engineMessage.key)
    .limit(1)
    .for('update');
  const message = rows[0];
  if (!message) return null;
  await tx
    .update(engineMessage)
    .set({ correlatedTo: [...message.correlatedTo, bpmnProcessId] })
    .where(eq(engineMessage.key, message.key));
  return message.variables as Variables;
}

/** Variables visible from an element instance of a document (inner scopes shadow outer ones). */
export function visibleVariables(doc: InstanceDocument, elementInstanceKey: string): Variables {
  const chain: string[] = [];
  for (let k: string | null = elementInstanceKey; k; k = doc.elems[k]?.scope ?? null) chain.push(k);
  const out: Variables = {};
  for (const scope of chain.reverse()) Object.assign(out, doc.vars[scope]);
  return out;
}
