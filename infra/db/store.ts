/**
 * The store port (domain/ports/store.port.ts) over drizzle: repositories bound to the database or to
 * one transaction, and the unit of work — a transaction of the engine adapter (EnginePort.inTransaction),
 * so a use case's writes and its engine commands commit together, or a plain one when no engine is
 * wired (tools, tests). Every appended event runs `afterEvent` in its transaction (the provincial-sync
 * outbox).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database, DbOrTx, Tx } from './client.ts';
import type { EnginePort, TxEngineCommands } from '../engine/port.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { Repositories, Store, StoreTransaction, UnitOfWork } from '../../domain/ports/store.port.ts';
import type { CaseRepository, StoredCaseEvent } from '../../domain/ports/case-repository.port.ts';
import type { ClockRepository } from '../../domain/ports/clock-repository.port.ts';
import { appendCaseEvent, getApplication, getItemCase, getProject, getSpecialProcedure, itemCasesOfApplication, listCaseEvents } from './case.repo.ts';
import { appendClockEvent, clocksOfCases, loadClock, startClock } from './legal-clock.repo.ts';
import { caseMaterial, itemCase, project, resultDocument, stageApplication } from './schema.ts';

export interface StoreDeps {
  database: Database;
  calendars: Calendars;
  /** Present in the running system: units of work are its transactions. */
  engine?: EnginePort;
  /** Called in the transaction of every newly appended case event (not on a duplicate). */
  afterEvent?(tx: Tx, event: StoredCaseEvent): Promise<void>;
}

const NO_ENGINE: TxEngineCommands = {
  createInstance: () => Promise.reject(new Error('no engine wired into this store')),
  publishMessage: () => Promise.reject(new Error('no engine wired into this store')),
  completeUserTask: () => Promise.reject(new Error('no engine wired into this store')),
};

export function createStore(deps: StoreDeps): Store {
  const db = deps.database.db;

  function caseRepository(q: DbOrTx, tx: Tx | null): CaseRepository {
    return {
      project: (code) => getProject(q, code),
      async ownersOf(codes) {
        if (codes.length === 0) return new Map();
        const rows = await q.select({ code: project.code, ownerUscc: project.ownerUscc }).from(project).where(inArray(project.code, [...codes]));
        return new Map(rows.map((r) => [r.code, r.ownerUscc]));
      },
      application: (id) => getApplication(q, id),
      applications: async (ids) => (ids.length ? q.select().from(stageApplication).where(inArray(stageApplication.id, [...ids])) : []),
      applicationsOfProject: (code) => q.select().from(stageApplication).where(eq(stageApplication.projectCode, code)).orderBy(asc(stageApplication.submittedAt)),
      itemCase: (id) => getItemCase(q, id),
      itemCases: async (ids) => (ids.length ? q.select().from(itemCase).where(inArray(itemCase.id, [...ids])).orderBy(asc(itemCase.id)) : []),
      itemCasesOf: async (applicationIds) => {
        if (applicationIds.length === 1) return itemCasesOfApplication(q, applicationIds[0]!);
        return applicationIds.length ? q.select().from(itemCase).where(inArray(itemCase.applicationId, [...applicationIds])).orderBy(asc(itemCase.id)) : [];
      },
      materialsOfApplication: (applicationId) => q.select().from(caseMaterial).where(eq(caseMaterial.applicationId, applicationId)).orderBy(asc(caseMaterial.id)),
      events: (aggregateId) => listCaseEvents(q, aggregateId),
      async appendEvent(event, now, options) {
        const append = async (t: Tx) => {
          const result = await appendCaseEvent(t, event, now, options);
          if (!result.duplicate && deps.afterEvent) await deps.afterEvent(t, result.event);
          return result;
        };
        return tx ? append(tx) : db.transaction((t) => append(t as Tx));
      },
      specialProcedure: (id) => getSpecialProcedure(q, id),
      resultsOfCases: async (caseIds) => (caseIds.length ? q.select().from(resultDocument).where(inArray(resultDocument.caseId, [...caseIds])) : []),
    };
  }

  function clockRepository(q: DbOrTx, tx: Tx | null): ClockRepository {
    const inTx = <T>(fn: (t: Tx) => Promise<T>) => (tx ? fn(tx) : db.transaction((t) => fn(t as Tx)));
    return {
      start: (clock) => inTx((t) => startClock(t, deps.calendars, clock)),
      append: (clockId, event) => inTx((t) => appendClockEvent(t, deps.calendars, clockId, event)),
      clock: (clockId) => loadClock(q, clockId),
      ofCases: (caseIds, kinds) => clocksOfCases(q, caseIds, kinds),
    };
  }

  const repositories = (q: DbOrTx, tx: Tx | null): Repositories => ({ cases: caseRepository(q, tx), clocks: clockRepository(q, tx) });
  const unitOfWork = (tx: Tx, engine: TxEngineCommands): UnitOfWork => ({ ...repositories(tx, tx), engine, tx: tx as unknown as StoreTransaction });

  return {
    read: repositories(db, null),
    transaction(fn) {
      if (deps.engine) return deps.engine.inTransaction((tx, commands) => fn(unitOfWork(tx, commands)));
      return db.transaction((tx) => fn(unitOfWork(tx as Tx, NO_ENGINE)));
    },
  };
}

/** The drizzle transaction behind a unit of work, for infra code called by a use case. */
export const drizzleTx = (tx: StoreTransaction): Tx => tx as unknown as Tx;
