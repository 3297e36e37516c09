/**
 * The store: repositories to read, and the unit of work in which a use case's writes and its engine
 * commands commit together or not at all (ADR 004). infra/db/store.ts implements it over PostgreSQL or
 * PGlite; a use case's test may use that on an in-memory database, or a fake.
 */
import type { CaseRepository } from './case-repository.port.ts';
import type { ClockRepository } from './clock-repository.port.ts';
import type { TxEngineCommands } from './engine.port.ts';
import type { CaseViewReader } from './case-view.port.ts';

/** The transaction as the engine adapter knows it; a use case only hands it on, never looks inside. */
export interface StoreTransaction {
  readonly __storeTransaction: unique symbol;
}

export interface Repositories {
  readonly cases: CaseRepository;
  readonly clocks: ClockRepository;
  readonly views: CaseViewReader;
}

/** One transaction: its repositories, the engine commands that commit with it, the transaction itself. */
export interface UnitOfWork extends Repositories {
  readonly engine: TxEngineCommands;
  readonly tx: StoreTransaction;
}

export interface Store {
  /** Reads outside a transaction, each a statement of its own. */
  readonly read: Repositories;
  transaction<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}
