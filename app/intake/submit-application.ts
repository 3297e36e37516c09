/**
 * 申报 — a stage application: one form and one set of materials for all the stage's items (一张表单、
 * 一套材料), online by the project's owner or at the window on its behalf (代为填报). The application, its
 * item cases, materials, first event and stage process commit together: no application without its
 * process, no process without its application. An open application of the same project, stage and
 * items is refused (APPLICATION_EXISTS).
 */
import { randomUUID } from 'node:crypto';
import { can } from '../../domain/access/policy.ts';
import { businessRole, type Actor } from '../../domain/access/roles.ts';
import type { Actor as EventActor, Channel } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DomainError } from '../../domain/errors.ts';
import { MESSAGES, PROCESS_IDS, PROJECT_MESSAGE_TTL_MS } from '../../domain/process-contract.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { materialInputs, type MaterialBody } from './material-files.ts';

export interface SubmitApplicationDeps {
  store: Store;
  catalog: CatalogIndex;
  catalogVersion: string;
  clock: Clock;
}
/** `materials` as handed in: uploads decoded, typed and hashed here (material-files.ts). */
export interface SubmitInput {
  projectCode: string;
  stage: number;
  items: string[];
  materials: readonly MaterialBody[];
  channel: Channel;
  contactPhone?: string;
}
export interface Submitted {
  applicationId: string;
  caseIds: string[];
  state: 'SUBMITTED';
  processInstanceKey: string | null;
}

export const eventActorOf = (actor: Actor): EventActor => ({
  userId: actor.userId,
  role: businessRole(actor),
  departmentCode: actor.departmentCode,
});

export function createSubmitApplication(deps: SubmitApplicationDeps) {
  const { catalog } = deps;

  /** The items belong to the stage, the materials to the items (the catalogue's refusals placed on the body). */
  function checkInput(input: SubmitInput) {
    try {
      return checkItems(input);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'CATALOG_STAGE_NOT_FOUND')
        throw new DomainError(err.code, err.message, { ...err.details, field: 'body.stage' });
      if (err instanceof DomainError && err.code === 'CATALOG_ITEM_NOT_FOUND')
        throw new DomainError(err.code, err.message, { ...err.details, field: 'body.items' });
      throw err;
    }
  }

  function checkItems(input: SubmitInput) {
    const stage = catalog.stage(input.stage);
    if (input.items.length === 0)
      throw new DomainError('APPLICATION_NO_ITEMS', '申报须至少包含一个事项', { field: 'body.items' });
    for (const code of input.items) {
      const item = catalog.item(code);
      if (!stage.items.some((i) => i.code === item.code))
        throw new DomainError('ITEM_NOT_IN_STAGE', `${code} 不是第${input.stage}阶段的事项`, { field: 'body.items' });
    }
    const known = new Set(input.items.flatMap((code) => catalog.item(code).materials.map((m) => m.id)));
    for (const m of input.materials)
      if (!known.has(m.materialId))
        throw new DomainError('MATERIAL_UNKNOWN', `${m.materialId} 不是所申报事项的材料`, { field: 'body.materials' });
    return stage;
  }

  /**
   * `actor` null: the system submits on behalf of `by` (tests, tools) without the channel's policy.
   * `processInstanceKey` is null on a cluster until the command is relayed.
   */
  return async function submitApplication(
    actor: Actor | null,
    input: SubmitInput,
    by?: EventActor,
  ): Promise<Submitted> {
    if (actor) {
      const project = await deps.store.read.cases.project(input.projectCode);
      const resource = {
        kind: 'project' as const,
        regionCode: project?.regionCode ?? '',
        ownerUscc: project?.ownerUscc ?? '',
      };
      if (!project || !can(actor, 'project.read', resource))
        throw new DomainError('PROJECT_NOT_FOUND', `项目 ${input.projectCode} 未登记`, { field: 'body.projectCode' });
      const allowed =
        input.channel === 'window'
          ? can(actor, 'case.intake', {
              kind: 'case',
              departmentCode: '',
              regionCode: project.regionCode,
              ownerUscc: project.ownerUscc,
            })
          : can(actor, 'project.write', resource);
      if (!allowed)
        throw new DomainError(
          'FORBIDDEN',
          input.channel === 'window' ? '窗口收件须由综合窗口办理' : '网上申报须由项目单位提交',
          { field: 'body.channel' },
        );
    }
    const eventActor = actor ? eventActorOf(actor) : by;
    if (!eventActor) throw new Error('a system submission names who it is made for');
    const stage = checkInput(input);
    const materials = materialInputs(input.materials);
    const now = deps.clock.now();
    const applicationId = `A${now.getTime().toString(36).toUpperCase()}${randomUUID().slice(0, 6).toUpperCase()}`;
    const caseIds = input.items.map((_, i) => `${applicationId}-${String(i + 1).padStart(2, '0')}`);
    const processInstanceKey = await deps.store.transaction(async (uow) => {
      const p = await uow.cases.project(input.projectCode);
      if (!p)
        throw new DomainError('PROJECT_NOT_FOUND', `项目 ${input.projectCode} 未登记`, { field: 'body.projectCode' });
      const itemSet = [...new Set(input.items)].sort().join(',');
      const added = await uow.cases.addApplication({
        id: applicationId,
        projectCode: p.code,
        stageNo: input.stage,
        channel: input.channel,
        state: 'SUBMITTED',
        catalogVersion: deps.catalogVersion,
        regionCode: p.regionCode,
        leadDepartment: stage.leadDepartment,
        contactPhone: input.contactPhone ?? p.contactPhone,
        submittedAt: now,
        itemSet,
      });
      if (!added)
        throw new DomainError(
          'APPLICATION_EXISTS',
          `项目 ${p.code} 第${input.stage}阶段已有办理中的同一申报(${itemSet}),请勿重复提交`,
          { field: 'body.items' },
        );
      await uow.cases.addItemCases(
        input.items.map((code, i) => ({
          id: caseIds[i]!,
          applicationId,
          projectCode: p.code,
          itemCode: code,
          department: catalog.item(code).department,
          regionCode: p.regionCode,
          stageNo: input.stage,
          state: 'PENDING',
        })),
      );
      await uow.cases.addMaterials(applicationId, materials, now);
      await uow.cases.appendEvent(
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'SUBMITTED',
          actor: eventActor,
          businessTime: now,
          payload: { channel: input.channel, items: input.items },
        },
        now,
      );
      const itemCases = caseIds.map((caseId, i) => ({
        caseId,
        itemCode: input.items[i]!,
        department: catalog.item(input.items[i]!).department,
      }));
      const instance = await uow.engine.createInstance({
        bpmnProcessId: PROCESS_IDS.stageApplication,
        businessKey: `application:${applicationId}`,
        variables: {
          applicationId,
          projectCode: p.code,
          stage: input.stage,
          leadDepartment: stage.leadDepartment,
          itemCases,
        },
      });
      if (instance.processInstanceKey)
        await uow.cases.setApplicationInstance(applicationId, instance.processInstanceKey);
      await uow.engine.publishMessage({
        name: MESSAGES.stageApplied,
        correlationKey: `${p.code}/${input.stage}`,
        messageId: applicationId,
        timeToLiveMs: PROJECT_MESSAGE_TTL_MS,
        variables: { [`stage${input.stage}ApplicationId`]: applicationId },
      });
      return instance.processInstanceKey;
    });
    return { applicationId, caseIds, state: 'SUBMITTED', processInstanceKey };
  };
}
export type SubmitApplication = ReturnType<typeof createSubmitApplication>;
