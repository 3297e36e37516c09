/**
 * 操作日志 — the append-only, hash-chained audit log: what an action writes (in its own transaction,
 * or on its own) and what the audit admin searches.
 */
import type { StoreTransaction } from './store.port.ts';

export interface AuditEntry {
  at: Date;
  actorUserId?: string | null;
  actorUsername?: string | null;
  actorRoles?: readonly string[];
  actorDepartment?: string | null;
  clientAddress?: string | null;
  action: string;
  target?: string | null;
  outcome: string;
  details?: Record<string, unknown>;
}

/** Who asked, as the audit log names them (the signed-in actor and the client address). */
export type AuditActor = Pick<
  AuditEntry,
  'actorUserId' | 'actorUsername' | 'actorRoles' | 'actorDepartment' | 'clientAddress'
>;

/** What an action adds to its audit record when it is known only inside the action. */
export interface AuditFacts {
  target?: string;
  details?: Record<string, unknown>;
  /** Who, when nobody was signed in (login, password change). */
  actorUserId?: string;
  actorUsername?: string;
  actorRoles?: readonly string[];
  actorDepartment?: string;
}

/**
 * Writes the audit record of an action inside the action's own transaction, so both commit or
 * neither: a use case takes one of these and calls it before its transaction ends.
 */
export type AuditInTransaction = (tx: StoreTransaction, facts?: AuditFacts) => Promise<void>;

export interface AuditRecord extends Required<Omit<AuditEntry, 'actorRoles' | 'details'>> {
  seq: number;
  actorRoles: string[];
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
  hashAlg: string;
}

export interface AuditSearch {
  from?: Date;
  to?: Date;
  actorUserId?: string;
  actorUsername?: string;
  action?: string;
  target?: string;
  outcome?: string;
  /** Only entries older than this seq (a stable snapshot while paging). */
  beforeSeq?: number;
  sort: 'seq' | '-seq';
  limit: number;
  offset: number;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<{ seq: number }>;
  /** Appends inside `tx`: the record commits with the action or not at all. */
  appendIn(tx: StoreTransaction, entry: AuditEntry): Promise<void>;
  search(filter: AuditSearch): Promise<{ rows: AuditRecord[]; total: number }>;
}
