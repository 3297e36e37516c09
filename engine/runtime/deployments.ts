/**
 * Deployments: every resource is parsed and validated before anything is written (problems name the
 * element ids, and nothing is deployed); a process gets a new version only when its XML changed, and
 * the start triggers of its latest version (timer and message start events) replace the previous one's.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DeployedProcess, DeployResource } from '../api.ts';
import { EngineError } from '../errors.ts';
import { timerDue } from '../execution/execution.ts';
import type { ProcessModel } from '../model/model.ts';
import { parseAndValidate, type ParsedResource } from '../model/parse-and-validate.ts';
import type { EngineTx } from '../store/database.ts';
import { engineMessageSubscription, engineProcessDefinition, engineResource, engineTimer } from '../store/tables.ts';
import type { EngineCore } from './engine-core.ts';

export async function deploy(core: EngineCore, resources: DeployResource[]): Promise<DeployedProcess[]> {
  const parsed: ParsedResource[] = [];
  const problems: { elementId: string; message: string }[] = [];
  for (const r of resources) {
    const result = await parseAndValidate(r.name, r.xml);
    if (result.resource) parsed.push(result.resource);
    problems.push(...result.problems.map((p) => ({ elementId: p.elementId, message: `${r.name}: ${p.message}` })));
  }
  if (problems.length) {
    throw new EngineError(
      'DEPLOY_INVALID',
      `deployment refused, nothing was deployed: ${problems.map((p) => `${p.elementId}: ${p.message}`).join('; ')}`,
      { problems, elementIds: [...new Set(problems.map((p) => p.elementId))] },
    );
  }
  const out: DeployedProcess[] = [];
  await core.transact(async (tx) => {
    out.length = 0;
    const now = core.now();
    for (const resource of parsed) {
      let resourceKey: string | null = null;
      for (const model of resource.processes) {
        const latest = await tx
          .select()
          .from(engineProcessDefinition)
          .where(eq(engineProcessDefinition.bpmnProcessId, model.bpmnProcessId))
          .orderBy(desc(engineProcessDefinition.version))
          .limit(1)
          .for('update');
        const prev = latest[0];
        if (prev && prev.checksum === resource.checksum) {
          out.push({
            bpmnProcessId: model.bpmnProcessId,
            version: prev.version,
            processDefinitionKey: prev.key,
            resourceName: resource.name,
            isNew: false,
          });
          continue;
        }
        if (!resourceKey) {
          resourceKey = core.keys.take();
          await tx.insert(engineResource).values({
            key: resourceKey,
            name: resource.name,
            checksum: resource.checksum,
            xml: resource.xml,
            deployedAt: now,
          });
        }
        const key = core.keys.take();
        const version = (prev?.version ?? 0) + 1;
        await tx.insert(engineProcessDefinition).values({
          key,
          bpmnProcessId: model.bpmnProcessId,
          version,
          resourceKey,
          checksum: resource.checksum,
          deployedAt: now,
        });
        if (prev) {
          await tx
            .delete(engineTimer)
            .where(and(eq(engineTimer.processDefinitionKey, prev.key), isNull(engineTimer.processInstanceKey)));
          await tx
            .delete(engineMessageSubscription)
            .where(
              and(
                eq(engineMessageSubscription.processDefinitionKey, prev.key),
                isNull(engineMessageSubscription.processInstanceKey),
              ),
            );
        }
        await openStartTriggers(core, tx, model, key, now);
        out.push({
          bpmnProcessId: model.bpmnProcessId,
          version,
          processDefinitionKey: key,
          resourceName: resource.name,
          isNew: true,
        });
      }
    }
  });
  core.signals.emit('timers');
  return out;
}

async function openStartTriggers(
  core: EngineCore,
  tx: EngineTx,
  model: ProcessModel,
  definitionKey: string,
  now: Date,
): Promise<void> {
  for (const id of model.startEventIds) {
    const node = model.nodes.get(id)!;
    if (node.event.kind === 'timer') {
      const due = timerDue(node.event, {}, now);
      await tx.insert(engineTimer).values({
        key: core.keys.take(),
        state: 'ACTIVE',
        processInstanceKey: null,
        elementInstanceKey: null,
        processDefinitionKey: definitionKey,
        elementId: id,
        dueAt: due.dueAt,
        repetitions: due.repetitions,
        interval: due.interval,
      });
    }
    if (node.event.kind === 'message') {
      await tx.insert(engineMessageSubscription).values({
        key: core.keys.take(),
        state: 'OPEN',
        messageName: node.event.messageName,
        correlationKey: '',
        processInstanceKey: null,
        elementInstanceKey: null,
        processDefinitionKey: definitionKey,
        bpmnProcessId: model.bpmnProcessId,
        elementId: id,
        interrupting: true,
        openedAt: now,
      });
    }
  }
}
