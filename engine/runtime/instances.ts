/**
 * Process instances: started (on their own, or inside the caller's transaction), canceled from the
 * root, and read back — state, root variables, active elements, and the element history.
 */
import { asc, eq } from 'drizzle-orm';
import type {
  CreateInstanceRequest,
  ElementHistoryEntry,
  Key,
  ProcessInstanceInfo,
  ProcessInstanceRef,
} from '../api.ts';
import { EngineError } from '../errors.ts';
import type { EngineTx } from '../store/database.ts';
import type { InstanceRow } from '../store/instance-store.ts';
import { engineHistory, engineProcessInstance } from '../store/tables.ts';
import type { EngineCore, Wakeups } from './engine-core.ts';

export async function createInstance(core: EngineCore, request: CreateInstanceRequest): Promise<ProcessInstanceRef> {
  // read the definition and its model before the transaction: PGlite has one connection
  const definition = await core.latestDefinition(core.db, request.bpmnProcessId, request.version);
  if (definition) await core.model(definition.key);
  const result = await core.transact(async (tx) => createIn(core, tx, request));
  core.notify(result.wakeups);
  return result.ref;
}

/** Starts an instance inside `tx` (the work it implies included). */
export async function createIn(
  core: EngineCore,
  tx: EngineTx,
  request: CreateInstanceRequest,
): Promise<{ ref: ProcessInstanceRef; wakeups: Wakeups }> {
  const definition = await core.latestDefinition(tx, request.bpmnProcessId, request.version);
  if (!definition)
    throw new EngineError(
      'NOT_FOUND',
      `process ${request.bpmnProcessId}${request.version ? ` version ${request.version}` : ''} is not deployed`,
    );
  const model = await core.model(definition.key, tx);
  if (!model.nodes.get(model.bpmnProcessId)!.noneStartId)
    throw new EngineError('INVALID_STATE', `process ${request.bpmnProcessId} has no none start event`);
  const key = core.keys.take();
  const wakeups = await core.process(tx, [
    { create: { key, definition, variables: request.variables ?? {}, parent: null } },
  ]);
  return {
    ref: {
      processInstanceKey: key,
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
    },
    wakeups,
  };
}

export async function cancelInstance(core: EngineCore, processInstanceKey: Key): Promise<void> {
  const rows = await core.db
    .select({ parent: engineProcessInstance.parentProcessInstanceKey, state: engineProcessInstance.state })
    .from(engineProcessInstance)
    .where(eq(engineProcessInstance.key, processInstanceKey));
  const row = rows[0];
  if (!row) throw new EngineError('NOT_FOUND', `process instance ${processInstanceKey} not found`);
  if (row.parent)
    throw new EngineError(
      'INVALID_STATE',
      `process instance ${processInstanceKey} is a child instance; cancel its root instance`,
    );
  if (row.state !== 'ACTIVE')
    throw new EngineError('INVALID_STATE', `process instance ${processInstanceKey} is not active`);
  await core.run([{ instanceKey: processInstanceKey, command: { c: 'cancel' } }]);
}

export async function getProcessInstance(
  core: EngineCore,
  processInstanceKey: Key,
): Promise<ProcessInstanceInfo | null> {
  const rows = await core.db
    .select()
    .from(engineProcessInstance)
    .where(eq(engineProcessInstance.key, processInstanceKey));
  const row = rows[0];
  if (!row) return null;
  const doc = row.document as InstanceRow['doc'];
  return {
    processInstanceKey: row.key,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    state: row.state,
    parentProcessInstanceKey: row.parentProcessInstanceKey,
    variables: doc.vars[row.key] ?? {},
    activeElementIds: Object.values(doc.elems)
      .filter((e) => e.scope !== null)
      .map((e) => e.id),
    createdAt: row.createdAt,
    endedAt: row.endedAt,
  };
}

export async function getElementHistory(core: EngineCore, processInstanceKey: Key): Promise<ElementHistoryEntry[]> {
  const rows = await core.db
    .select()
    .from(engineHistory)
    .where(eq(engineHistory.processInstanceKey, processInstanceKey))
    .orderBy(asc(engineHistory.id));
  return rows.map((r) => ({
    processInstanceKey: r.processInstanceKey,
    elementInstanceKey: r.elementInstanceKey,
    elementId: r.elementId,
    elementType: r.elementType,
    event: r.event,
    at: r.at,
  }));
}
