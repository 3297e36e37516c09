/**
 * Waiting for a case to move: a use case that hands work to the engine (the window's initial check,
 * decided by a worker) answers once the worker's events are there, told by the store when they commit
 * — not by polling.
 */
import type { StoredCaseEvent } from './case-repository.port.ts';

export interface CaseWatch {
  /** The aggregate's events after `afterSeq`, as soon as there are any; [] when `timeoutMs` passes first. */
  eventsAfter(aggregateId: string, afterSeq: number, timeoutMs: number): Promise<StoredCaseEvent[]>;
}
