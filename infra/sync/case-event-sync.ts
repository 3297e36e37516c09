/**
 * 办件事件 → 省级同步发件箱: the hook that turns every recorded case event into SPGL records
 * (spgl-mapping.ts) and enqueues them in the SAME transaction as the event (StoreDeps.afterEvent,
 * ApplicationServiceDeps.afterEvent), and the project hook (ApplicationServiceDeps.afterProject).
 *
 * What goes out (BRIEF §5):
 * - project registered → 项目基本信息 + 项目单位信息 (建设单位, DWLX 1);
 * - item case ACCEPTED → 事项办理信息 (the case, SPSXSLBM = our case number), then the 已接件 step
 *   (BLZT 1, at the application's submission — the case had no number before) and the 已受理 step;
 * - every later event of an accepted item case with a BLZT → a process step (DFSJZJ BL-<case>-<seq>);
 * - SPECIAL_PROCEDURE_STARTED / FINISHED → also 特别程序 (UPSERT on TB-<case>-<procedureId>);
 * - RESULT_ISSUED → 批复文件.
 * Not sent: application-level events (they have no case number; the application's 已接件 is carried
 * per case at acceptance) and events of a case that was never accepted (no SPSXSLBM to name).
 */
import type { Tx, DbOrTx } from '../db/client.ts';
import { enqueue } from '../db/outbox.repo.ts';
import { listCaseEvents } from '../db/case.repo.ts';
import {
  getApplication,
  getItemCase,
  getProject,
  type ApplicationRow,
  type ItemCaseRow,
} from '../db/case-rows.repo.ts';
import type { project } from '../db/schema.ts';
import type { RecordedCaseEvent } from '../../domain/case/case-event.ts';
import { BLZT } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Blzt } from '../province/spgl-tables.ts';
import {
  mapCaseStep,
  mapItemCase,
  mapProject,
  mapProjectUnit,
  mapResultDocument,
  mapSpecialProcedure,
  type SpglOutboxRecord,
} from './spgl-mapping.ts';

export type ProjectRow = typeof project.$inferSelect;
export type SyncedCaseEvent = RecordedCaseEvent & { blzt: number | null };

/** 工程代码 GCDM: one engineering per registered project for now (XMDM-001). */
export const engineeringCodeOfProject = (projectCode: string): string => `${projectCode}-001`;
/** 审批流程编码 of a flow type [Proposed]. */
export const flowCodeOf = (flowType: string): string => `ZH-${flowType}`;
/** The synthesized 已接件 step of a case carries this event key (event seqs start at 1). */
export const RECEIVED_STEP_KEY = '0';

const xzqhdmOf = (regionCode: string): string => (/^\d{6}$/.test(regionCode) ? regionCode : '440400');

export function mapProjectRecords(p: ProjectRow): SpglOutboxRecord[] {
  const engineeringCode = engineeringCodeOfProject(p.code);
  const xzqhdm = xzqhdmOf(p.regionCode);
  return [
    mapProject({
      xzqhdm,
      projectCode: p.code,
      engineeringCode,
      name: p.name,
      flowCode: flowCodeOf(p.flowType),
      flowVersion: 1,
      declaredAt: p.createdAt,
    }),
    mapProjectUnit({ xzqhdm, engineeringCode, name: p.ownerName, uscc: p.ownerUscc, role: 1 }),
  ];
}

export interface CaseEventContext {
  itemCase: ItemCaseRow;
  application: ApplicationRow;
  project: ProjectRow;
  catalog: CatalogIndex;
  /** For SPECIAL_PROCEDURE_FINISHED: the STARTED event of the same procedure. */
  startedEvent?: SyncedCaseEvent | undefined;
}

const UNIT_CODE = { WD: 1, ND: 2 } as const;

function specialProcedureInput(
  started: SyncedCaseEvent,
  ctx: CaseEventContext,
  base: { xzqhdm: string; engineeringCode: string; caseNumber: string },
) {
  const type = String(started.payload.type);
  let typeCode = 0;
  let typeName = type;
  try {
    const t = ctx.catalog.specialProcedureType(type);
    typeCode = t.tbcx;
    typeName = t.nameZh;
  } catch {
    /* unknown type: name it as recorded */
  }
  const unit = started.payload.unit === 'ND' ? UNIT_CODE.ND : UNIT_CODE.WD;
  return {
    ...base,
    procedureId: String(started.payload.procedureId),
    typeCode,
    typeName,
    startedAt: started.businessTime,
    limitUnit: unit,
    limit: Number(started.payload.limit ?? 0),
  } as const;
}

/** The records one recorded CASE event produces (pure; [] when nothing goes to the province). */
export function mapCaseEventRecords(event: SyncedCaseEvent, ctx: CaseEventContext): SpglOutboxRecord[] {
  if (event.aggregate !== 'CASE') return [];
  const caseNumber =
    ctx.itemCase.caseNumber ?? (typeof event.payload.caseNumber === 'string' ? event.payload.caseNumber : null);
  if (!caseNumber) return [];
  const base = {
    xzqhdm: xzqhdmOf(ctx.itemCase.regionCode),
    engineeringCode: engineeringCodeOfProject(ctx.project.code),
    caseNumber,
  };
  const office = event.actor.departmentCode ?? ctx.itemCase.department;
  const step = (eventKey: string, blzt: number, at: Date, handler: string, opinion?: string) =>
    mapCaseStep({ ...base, eventKey, blzt: blzt as Blzt, office, handler, at, ...(opinion ? { opinion } : {}) });
  const records: SpglOutboxRecord[] = [];

  if (event.type === 'ACCEPTED') {
    const item = ctx.catalog.item(ctx.itemCase.itemCode);
    let department = {
      code: ctx.itemCase.department,
      nameZh: ctx.itemCase.department,
      uscc: undefined as string | undefined,
    };
    try {
      const d = ctx.catalog.department(ctx.itemCase.department);
      department = { code: d.code, nameZh: d.nameZh, uscc: d.uscc };
    } catch {
      /* keep the code */
    }
    records.push(
      mapItemCase({
        ...base,
        itemCode: item.code,
        itemVersion: 1,
        flowCode: flowCodeOf(ctx.project.flowType),
        flowVersion: 1,
        departmentCode: department.uscc ?? department.code,
        departmentName: department.nameZh,
        acceptMode: ctx.application.channel === 'online' ? 1 : 2,
        parallelBatchId: ctx.application.id,
        limitDays: item.promised.days,
      }),
    );
    records.push(step(RECEIVED_STEP_KEY, BLZT.RECEIVED, ctx.application.submittedAt, 'system'));
  }
  if (event.blzt !== null) {
    const opinion =
      typeof event.payload.opinion === 'string'
        ? event.payload.opinion
        : typeof event.payload.note === 'string'
          ? event.payload.note
          : undefined;
    records.push(step(String(event.seq), event.blzt, event.businessTime, event.actor.userId, opinion));
  }
  if (event.type === 'SPECIAL_PROCEDURE_STARTED') {
    records.push(mapSpecialProcedure(specialProcedureInput(event, ctx, base)));
  }
  if (event.type === 'SPECIAL_PROCEDURE_FINISHED' && ctx.startedEvent) {
    records.push(
      mapSpecialProcedure({
        ...specialProcedureInput(ctx.startedEvent, ctx, base),
        endedAt: event.businessTime,
        result: String(event.payload.result ?? ''),
      }),
    );
  }
  if (event.type === 'RESULT_ISSUED') {
    const certificateId = typeof event.payload.certificateId === 'string' ? event.payload.certificateId : null;
    records.push(
      mapResultDocument({
        ...base,
        documentId: 'RESULT',
        issuedOn: event.businessTime,
        docNumber: String(event.payload.docNumber ?? ''),
        title: String(event.payload.title ?? ''),
        validUntil: null,
        fileName: certificateId ? `${certificateId}.ofd` : `${caseNumber}.pdf`,
        fileType: certificateId ? 'ofd' : 'pdf',
        fileUrl: certificateId ? `ecert:${certificateId}` : `result:${ctx.itemCase.id}`,
      }),
    );
  }
  return records;
}

export interface CaseEventSyncDeps {
  catalog: CatalogIndex;
}

async function loadContext(
  tx: DbOrTx,
  event: SyncedCaseEvent,
  catalog: CatalogIndex,
): Promise<CaseEventContext | null> {
  const itemCase = await getItemCase(tx, event.aggregateId);
  if (!itemCase?.caseNumber) return null;
  const application = await getApplication(tx, itemCase.applicationId);
  const project = await getProject(tx, itemCase.projectCode);
  if (!application || !project) return null;
  let startedEvent: SyncedCaseEvent | undefined;
  if (event.type === 'SPECIAL_PROCEDURE_FINISHED') {
    startedEvent = (await listCaseEvents(tx, itemCase.id)).find(
      (e) => e.type === 'SPECIAL_PROCEDURE_STARTED' && e.payload.procedureId === event.payload.procedureId,
    );
  }
  return { itemCase, application, project, catalog, startedEvent };
}

/** The afterEvent hook: maps the event and enqueues its records in the event's transaction. */
export function createCaseEventSync(deps: CaseEventSyncDeps): (tx: Tx, event: SyncedCaseEvent) => Promise<void> {
  return async (tx, event) => {
    if (event.aggregate !== 'CASE') return;
    const ctx = await loadContext(tx, event, deps.catalog);
    if (!ctx) return;
    const records = mapCaseEventRecords(event, ctx);
    await enqueue(
      tx,
      records.map((r) => ({ ...r, recordedAt: event.recordedAt })),
    );
  };
}

/** The afterProject hook: the project and its 建设单位, in the registration's transaction. */
export function createProjectSync(): (tx: Tx, project: ProjectRow) => Promise<void> {
  return async (tx, p) => {
    await enqueue(
      tx,
      mapProjectRecords(p).map((r) => ({ ...r, recordedAt: p.createdAt })),
    );
  };
}
