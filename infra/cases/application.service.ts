/**
 * Applications and the actions applicants and windows take on them: submit a stage application (one
 * form, one set of materials for all the stage's items), hand in supplements, withdraw. Each writes
 * its events and the engine commands they imply (start the stage process, publish a message) in one
 * transaction (EnginePort.inTransaction). A failed validation writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { appendCaseEvent, getApplication, getItemCase, itemCasesOfApplication } from '../db/case.repo.ts';
import { caseMaterial, itemCase, project, stageApplication } from '../db/schema.ts';
import type { EnginePort } from '../engine/port.ts';
import type { Clock } from '../clock.ts';
import type { Actor, RecordedCaseEvent } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DomainError } from '../../domain/errors.ts';
import { MESSAGES, PROCESS_IDS, PROJECT_MESSAGE_TTL_MS } from '../../domain/process-contract.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import { appendClockEvent, loadClock } from '../db/legal-clock.repo.ts';

export interface ApplicationServiceDeps {
  database: Database;
  engine: EnginePort;
  catalog: CatalogIndex;
  catalogVersion: string;
  clock: Clock;
  /** The working calendars (a supplement after acceptance resumes the item's clock). */
  calendars: Calendars;
  afterEvent?(tx: Tx, event: RecordedCaseEvent & { blzt: number | null }): Promise<void>;
  /** Called in the transaction that registers a project (the provincial-sync outbox). */
  afterProject?(tx: Tx, registered: typeof project.$inferSelect): Promise<void>;
}

export interface ProjectInput { code: string; name: string; ownerName: string; ownerUscc: string; regionCode: string; flowType: string; contactPhone?: string; applicantUserId?: string }
export interface MaterialInput { materialId: string; source: 'upload' | 'reuse'; ref?: string; sha256?: string; fileName?: string; size?: number }
export interface SubmitInput { projectCode: string; stage: number; items: string[]; materials: MaterialInput[]; channel: 'online' | 'window'; contactPhone?: string; actor: Actor }

function materialRows(applicationId: string, materials: MaterialInput[], now: Date) {
  return materials.map((m) => ({ applicationId, ...m, ref: m.ref ?? null, sha256: m.sha256 ?? null, fileName: m.fileName ?? null, size: m.size ?? null, createdAt: now }));
}

export function createApplicationService(deps: ApplicationServiceDeps) {
  const tx = <T>(fn: (t: Tx) => Promise<T>) => deps.database.db.transaction((t) => fn(t as Tx));
  const append = async (t: Tx, event: Parameters<typeof appendCaseEvent>[1], projection?: Record<string, unknown>) => {
    const result = await appendCaseEvent(t, event, deps.clock.now(), projection ? { projection } : {});
    if (!result.duplicate && deps.afterEvent) await deps.afterEvent(t, result.event);
    return result;
  };

  return {
    async registerProject(input: ProjectInput): Promise<void> {
      const existing = await deps.database.db.select({ code: project.code }).from(project).where(eq(project.code, input.code));
      if (existing.length) throw new DomainError('PROJECT_EXISTS', `project ${input.code} is already registered`, { field: 'code' });
      // the project and its tracker across the stages (bpmn/project.bpmn) commit together
      await deps.engine.inTransaction(async (t, engine) => {
        const [registered] = await t.insert(project).values({ ...input, contactPhone: input.contactPhone ?? null, applicantUserId: input.applicantUserId ?? null, createdAt: deps.clock.now() }).returning();
        if (deps.afterProject) await deps.afterProject(t, registered!);
        const tracker = await engine.createInstance({ bpmnProcessId: PROCESS_IDS.project, businessKey: `project:${input.code}`, variables: { projectCode: input.code, flowType: input.flowType } });
        if (tracker.processInstanceKey) await t.update(project).set({ processInstanceKey: tracker.processInstanceKey }).where(eq(project.code, input.code));
      });
    },

    /** Submits a stage application; `processInstanceKey` is null on a cluster until the command is relayed. */
    async submit(input: SubmitInput): Promise<{ applicationId: string; caseIds: string[]; processInstanceKey: string | null }> {
      const stage = deps.catalog.stage(input.stage);
      if (input.items.length === 0) throw new DomainError('APPLICATION_NO_ITEMS', 'an application names at least one item', { field: 'items' });
      for (const code of input.items) {
        const item = deps.catalog.item(code);
        if (!stage.items.some((i) => i.code === item.code)) throw new DomainError('ITEM_NOT_IN_STAGE', `${code} is not an item of stage ${input.stage}`, { field: 'items' });
      }
      const known = new Set(input.items.flatMap((code) => deps.catalog.item(code).materials.map((m) => m.id)));
      for (const m of input.materials) if (!known.has(m.materialId)) throw new DomainError('MATERIAL_UNKNOWN', `${m.materialId} is not a material of the items applied for`, { field: 'materials' });
      const now = deps.clock.now();
      const applicationId = `A${now.getTime().toString(36).toUpperCase()}${randomUUID().slice(0, 6).toUpperCase()}`;
      const caseIds = input.items.map((_, i) => `${applicationId}-${String(i + 1).padStart(2, '0')}`);
      // the application, its cases, its event and its process commit together: no application without
      // its process, no process without its application (a crash in between leaves neither)
      const processInstanceKey = await deps.engine.inTransaction(async (t, engine) => {
        const p = (await t.select().from(project).where(eq(project.code, input.projectCode)))[0];
        if (!p) throw new DomainError('PROJECT_NOT_FOUND', `project ${input.projectCode} is not registered`, { field: 'projectCode' });
        const contactPhone = input.contactPhone ?? p.contactPhone;
        const itemSet = [...new Set(input.items)].sort().join(',');
        const inserted = await t.insert(stageApplication).values({
          id: applicationId, projectCode: p.code, stageNo: input.stage, channel: input.channel, state: 'SUBMITTED', catalogVersion: deps.catalogVersion,
          regionCode: p.regionCode, leadDepartment: stage.leadDepartment, contactPhone, submittedAt: now, itemSet,
        }).onConflictDoNothing().returning({ id: stageApplication.id });
        if (inserted.length === 0) {
          throw new DomainError('APPLICATION_EXISTS', `项目 ${p.code} 第${input.stage}阶段已有办理中的同一申报(${itemSet}),请勿重复提交`, { field: 'items' });
        }
        await t.insert(itemCase).values(input.items.map((code, i) => ({
          id: caseIds[i]!, applicationId, projectCode: p.code, itemCode: code, department: deps.catalog.item(code).department,
          regionCode: p.regionCode, stageNo: input.stage, state: 'PENDING',
        })));
        if (input.materials.length) await t.insert(caseMaterial).values(materialRows(applicationId, input.materials, now));
        await append(t, { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'SUBMITTED', actor: input.actor, businessTime: now, payload: { channel: input.channel, items: input.items } });
        const itemCases = caseIds.map((caseId, i) => ({ caseId, itemCode: input.items[i]!, department: deps.catalog.item(input.items[i]!).department }));
        const instance = await engine.createInstance({
          bpmnProcessId: PROCESS_IDS.stageApplication, businessKey: `application:${applicationId}`,
          variables: { applicationId, projectCode: p.code, stage: input.stage, leadDepartment: stage.leadDepartment, itemCases },
        });
        if (instance.processInstanceKey) await t.update(stageApplication).set({ processInstanceKey: instance.processInstanceKey }).where(eq(stageApplication.id, applicationId));
        await engine.publishMessage({
          name: MESSAGES.stageApplied, correlationKey: `${p.code}/${input.stage}`, messageId: applicationId, timeToLiveMs: PROJECT_MESSAGE_TTL_MS,
          variables: { [`stage${input.stage}ApplicationId`]: applicationId },
        });
        return instance.processInstanceKey;
      });
      return { applicationId, caseIds, processInstanceKey };
    },

    /**
     * Supplements handed in: before receipt for the application, after acceptance for one item case.
     * After acceptance the clock paused by the request resumes now, with the re-submission (BRIEF §2.2):
     * the time the lead department then takes to decide an extension (办法 §15) is counted.
     */
    async supplement(target: { applicationId?: string; caseId?: string }, materials: MaterialInput[], actor: Actor): Promise<void> {
      const now = deps.clock.now();
      if (target.applicationId) {
        const app = await getApplication(deps.database.db, target.applicationId);
        if (!app) throw new DomainError('APPLICATION_NOT_FOUND', `application ${target.applicationId} not found`, { field: 'applicationId' });
        await deps.engine.inTransaction(async (t, engine) => {
          if (materials.length) await t.insert(caseMaterial).values(materialRows(app.id, materials, now));
          await append(t, { aggregateId: app.id, aggregate: 'APPLICATION', type: 'SUPPLEMENT_RECEIVED', actor, businessTime: now, payload: { materials: materials.map((m) => m.materialId) } });
          await engine.publishMessage({ name: MESSAGES.supplemented, correlationKey: app.id, messageId: randomUUID(), timeToLiveMs: 3_600_000, variables: { supplementedAt: now.toISOString() } });
        });
        return;
      }
      const c = await getItemCase(deps.database.db, target.caseId ?? '');
      if (!c) throw new DomainError('CASE_NOT_FOUND', `case ${target.caseId} not found`, { field: 'caseId' });
      await deps.engine.inTransaction(async (t, engine) => {
        if (materials.length) await t.insert(caseMaterial).values(materialRows(c.applicationId, materials, now));
        await append(t, { aggregateId: c.id, aggregate: 'CASE', type: 'SUPPLEMENT_RECEIVED', actor, businessTime: now, payload: { materials: materials.map((m) => m.materialId) } });
        const clock = await loadClock(t, adminClockId(c.id));
        const lastToggle = clock?.events.filter((e) => e.type === 'PAUSE' || e.type === 'RESUME').at(-1);
        if (lastToggle?.type === 'PAUSE' && lastToggle.reason === 'SUPPLEMENT') await appendClockEvent(t, deps.calendars, adminClockId(c.id), { type: 'RESUME', at: now });
        await engine.publishMessage({ name: MESSAGES.itemSupplemented, correlationKey: c.id, messageId: randomUUID(), timeToLiveMs: 3_600_000 });
      });
    },

    /** 送达: the paper result collected at the window (signed) or posted; refused before the result is issued. */
    async deliver(caseId: string, delivery: { method: 'pickup' | 'mail'; recipient?: string; trackingNumber?: string }, actor: Actor, clientIp?: string): Promise<{ state: string }> {
      const now = deps.clock.now();
      const { state } = await tx((t) => append(t, {
        aggregateId: caseId, aggregate: 'CASE', type: 'DELIVERED', actor, businessTime: now, ...(clientIp ? { clientIp } : {}),
        payload: { method: delivery.method, ...(delivery.recipient ? { recipient: delivery.recipient } : {}), ...(delivery.trackingNumber ? { trackingNumber: delivery.trackingNumber } : {}) },
      }));
      return { state };
    },

    /** 整改完成, reported by `actor` (the applicant or the window); the RECTIFIED event is recorded as them. */
    async rectified(caseId: string, actor: Actor): Promise<void> {
      const rectifiedBy = { userId: actor.userId, role: actor.role, departmentCode: actor.departmentCode };
      await deps.engine.publishMessage({ name: MESSAGES.rectified, correlationKey: caseId, timeToLiveMs: 3_600_000, variables: { rectifiedBy } });
    },

    async withdraw(applicationId: string, actor: Actor, reason?: string): Promise<void> {
      const app = await getApplication(deps.database.db, applicationId);
      if (!app) throw new DomainError('APPLICATION_NOT_FOUND', `application ${applicationId} not found`, { field: 'applicationId' });
      const cases = await itemCasesOfApplication(deps.database.db, applicationId);
      if (app.state === 'DECIDED' || app.state === 'WITHDRAWN' || cases.some((c) => c.decision)) {
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `application ${applicationId} can no longer be withdrawn (${app.state})`, { field: 'applicationId' });
      }
      await deps.engine.publishMessage({ name: MESSAGES.withdrawn, correlationKey: applicationId, timeToLiveMs: 3_600_000, variables: { withdrawnBy: actor.userId, withdrawReason: reason ?? null } });
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
