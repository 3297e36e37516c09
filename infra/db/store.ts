/**
 * The store port (domain/ports/store.port.ts) over drizzle: repositories bound to the database or to
 * one transaction, and the unit of work — a transaction of the engine adapter (EnginePort.inTransaction),
 * so a use case's writes and its engine commands commit together, or a plain one when no engine is
 * wired (tools, tests). Every appended event runs `afterEvent` in its transaction (the provincial-sync
 * outbox).
 */
import { EventEmitter } from 'node:events';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, DbOrTx, Tx } from './client.ts';
import type { EnginePort, TxEngineCommands } from '../engine/port.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { Repositories, Store, StoreTransaction, UnitOfWork } from '../../domain/ports/store.port.ts';
import type { CaseRepository, StoredCaseEvent } from '../../domain/ports/case-repository.port.ts';
import type { ClockRepository } from '../../domain/ports/clock-repository.port.ts';
import { appendCaseEvent, listCaseEvents } from './case.repo.ts';
import {
  finishSpecialProcedure,
  getApplication,
  getItemCase,
  getProject,
  getSpecialProcedure,
  insertResult,
  insertSpecialProcedure,
  itemCasesOfApplication,
  materialsOfProject,
  nextCaseNumber,
  resultsOfProject,
} from './case-rows.repo.ts';
import { activeClocks, appendClockEvent, clocksOfCases, loadClock, startClock } from './legal-clock.repo.ts';
import { createLadderLedgerRepo } from './ladder-ledger.repo.ts';
import { caseMaterial, itemCase, project, resultDocument, specialProcedure, stageApplication } from './schema.ts';
import { readCaseView } from './case-view.query.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProjectRecord } from '../../domain/case/case-records.ts';

export interface StoreDeps {
  database: Database;
  calendars: Calendars;
  /** Present in the running system: units of work are its transactions. */
  engine?: EnginePort;
  /** Called in the transaction of every newly appended case event (not on a duplicate). */
  afterEvent?(tx: Tx, event: StoredCaseEvent): Promise<void>;
  /** Called in the transaction that registers a project (the provincial-sync outbox). */
  afterProject?(tx: Tx, registered: ProjectRecord): Promise<void>;
}

const NO_ENGINE: TxEngineCommands = {
  createInstance: () => Promise.reject(new Error('no engine wired into this store')),
  publishMessage: () => Promise.reject(new Error('no engine wired into this store')),
  completeUserTask: () => Promise.reject(new Error('no engine wired into this store')),
};

/** The store with its commit signal: the aggregates whose events a committed transaction appended. */
export type StoreWithSignal = Store & { readonly committed: EventEmitter };

export function createStore(deps: StoreDeps): StoreWithSignal {
  const db = deps.database.db;
  // 'appended' (aggregateId) once the transaction that appended to it committed (case-watch.ts listens)
  const committed = new EventEmitter();
  committed.setMaxListeners(0);
  const announce = (aggregateIds: Iterable<string>) => {
    for (const id of new Set(aggregateIds)) committed.emit('appended', id);
  };

  /** `appended`: where a unit of work collects the aggregates it wrote, announced after its commit. */
  function caseRepository(q: DbOrTx, tx: Tx | null, appended: string[] | null): CaseRepository {
    return {
      project: (code) => getProject(q, code),
      async ownersOf(codes) {
        if (codes.length === 0) return new Map();
        const rows = await q
          .select({ code: project.code, ownerUscc: project.ownerUscc })
          .from(project)
          .where(inArray(project.code, [...codes]));
        return new Map(rows.map((r) => [r.code, r.ownerUscc]));
      },
      application: (id) => getApplication(q, id),
      applications: async (ids) =>
        ids.length
          ? q
              .select()
              .from(stageApplication)
              .where(inArray(stageApplication.id, [...ids]))
          : [],
      applicationsOfProject: (code) =>
        q
          .select()
          .from(stageApplication)
          .where(eq(stageApplication.projectCode, code))
          .orderBy(asc(stageApplication.submittedAt)),
      itemCase: (id) => getItemCase(q, id),
      itemCases: async (ids) =>
        ids.length
          ? q
              .select()
              .from(itemCase)
              .where(inArray(itemCase.id, [...ids]))
              .orderBy(asc(itemCase.id))
          : [],
      itemCasesOf: async (applicationIds) => {
        if (applicationIds.length === 1) return itemCasesOfApplication(q, applicationIds[0]!);
        return applicationIds.length
          ? q
              .select()
              .from(itemCase)
              .where(inArray(itemCase.applicationId, [...applicationIds]))
              .orderBy(asc(itemCase.id))
          : [];
      },
      materialsOfApplication: (applicationId) =>
        q
          .select()
          .from(caseMaterial)
          .where(eq(caseMaterial.applicationId, applicationId))
          .orderBy(asc(caseMaterial.id)),

      materialsOfProject: (projectCode) => materialsOfProject(q, projectCode),
      resultsOfProject: (projectCode) => resultsOfProject(q, projectCode),
      nextCaseNumber: (at) => nextCaseNumber(q, at),
      addSpecialProcedure: (procedure) => insertSpecialProcedure(q, procedure),
      finishSpecialProcedure: (id, outcome) => finishSpecialProcedure(q, id, outcome),
      addResult: (result) => insertResult(q, result),

      events: (aggregateId) => listCaseEvents(q, aggregateId),
      async appendEvent(event, now, options) {
        const append = async (t: Tx) => {
          const result = await appendCaseEvent(t, event, now, options);
          if (!result.duplicate && deps.afterEvent) await deps.afterEvent(t, result.event);
          return result;
        };
        if (tx) {
          appended?.push(event.aggregateId);
          return append(tx);
        }
        const result = await db.transaction((t) => append(t as Tx));
        announce([event.aggregateId]);
        return result;
      },
      specialProcedure: (id) => getSpecialProcedure(q, id),
      openProcedureOf: async (caseId) =>
        (
          await q
            .select()
            .from(specialProcedure)
            .where(and(eq(specialProcedure.caseId, caseId), isNull(specialProcedure.finishedAt)))
            .orderBy(desc(specialProcedure.startedAt))
            .limit(1)
        )[0] ?? null,
      resultsOfCases: async (caseIds) =>
        caseIds.length
          ? q
              .select()
              .from(resultDocument)
              .where(inArray(resultDocument.caseId, [...caseIds]))
          : [],

      async addProject(input) {
        const add = async (t: Tx) => {
          const [registered] = await t.insert(project).values(input).onConflictDoNothing().returning();
          if (!registered) throw new DomainError('PROJECT_EXISTS', `项目 ${input.code} 已登记`, { field: 'code' });
          if (deps.afterProject) await deps.afterProject(t, registered);
          return registered;
        };
        return tx ? add(tx) : db.transaction((t) => add(t as Tx));
      },
      async setProjectInstance(code, processInstanceKey) {
        await q.update(project).set({ processInstanceKey }).where(eq(project.code, code));
      },
      async addApplication(input) {
        const inserted = await q
          .insert(stageApplication)
          .values(input)
          .onConflictDoNothing()
          .returning({ id: stageApplication.id });
        return inserted.length > 0;
      },
      async setApplicationInstance(id, processInstanceKey) {
        await q.update(stageApplication).set({ processInstanceKey }).where(eq(stageApplication.id, id));
      },
      async addItemCases(cases) {
        if (cases.length) await q.insert(itemCase).values([...cases]);
      },
      async addMaterials(applicationId, materials, at) {
        if (materials.length === 0) return;
        await q.insert(caseMaterial).values(
          materials.map((m) => ({
            applicationId,
            materialId: m.materialId,
            source: m.source,
            ref: m.ref ?? null,
            sha256: m.sha256 ?? null,
            fileName: m.fileName ?? null,
            size: m.size ?? null,
            createdAt: at,
          })),
        );
      },
    };
  }

  function clockRepository(q: DbOrTx, tx: Tx | null): ClockRepository {
    const inTx = <T>(fn: (t: Tx) => Promise<T>) => (tx ? fn(tx) : db.transaction((t) => fn(t as Tx)));
    return {
      start: (clock) => inTx((t) => startClock(t, deps.calendars, clock)),
      append: (clockId, event) => inTx((t) => appendClockEvent(t, deps.calendars, clockId, event)),
      clock: (clockId) => loadClock(q, clockId),
      ofCases: (caseIds, kinds) => clocksOfCases(q, caseIds, kinds),
      active: () => activeClocks(q),
      claimRung: (clockId, rungId, epoch, at) => createLadderLedgerRepo(q).claim(clockId, rungId, epoch, at),
    };
  }

  const repositories = (q: DbOrTx, tx: Tx | null, appended: string[] | null): Repositories => ({
    cases: caseRepository(q, tx, appended),
    clocks: clockRepository(q, tx),
    views: { caseView: (caseId) => readCaseView(q, caseId) },
  });
  const unitOfWork = (tx: Tx, engine: TxEngineCommands, appended: string[]): UnitOfWork => ({
    ...repositories(tx, tx, appended),
    engine,
    tx: tx as unknown as StoreTransaction,
  });

  return {
    read: repositories(db, null, null),
    committed,
    async transaction(fn) {
      // a retried transaction (the engine adapter may retry a serialization failure) starts its list afresh
      let appended: string[] = [];
      const result = deps.engine
        ? await deps.engine.inTransaction((tx, commands) => fn(unitOfWork(tx, commands, (appended = []))))
        : await db.transaction((tx) => fn(unitOfWork(tx as Tx, NO_ENGINE, (appended = []))));
      announce(appended);
      return result;
    },
  };
}

/** The drizzle transaction behind a unit of work, for infra code called by a use case. */
export const drizzleTx = (tx: StoreTransaction): Tx => tx as unknown as Tx;
