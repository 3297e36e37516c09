/**
 * A step of a running process — one job of a diagram, named by its job type and element instance, the
 * same on every delivery. Delivery is at least once, so every effect of a step carries a key built from
 * it: case events a step key (step + event type), SMS and certificates an idempotency key (subject +
 * step) that the outside system de-duplicates. The use cases of app/intake, review, clock, output and
 * supervision are such steps; each is one call of its worker.
 */
import { SYSTEM_ACTOR, type Actor, type CaseEvent, type CaseEventType } from '../domain/case/case-event.ts';
import type { ApplicationRecord, ItemCaseRecord } from '../domain/case/case-records.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { Item } from '../domain/catalog/catalog.types.ts';
import { NonRetryableError } from '../domain/ports/engine.port.ts';
import type { Logger } from '../domain/ports/logger.port.ts';
import type { Repositories, UnitOfWork } from '../domain/ports/store.port.ts';

export interface ProcessStep {
  jobType: string;
  elementInstanceKey: string;
  /** The process instance the step runs in (a special procedure's, for its start). */
  processInstanceKey?: string;
}

/** Idempotency key of a side effect outside the database (SMS, certificates): subject + step. */
export function effectKey(step: ProcessStep, subject: string): string {
  return `${subject}:${step.jobType}:${step.elementInstanceKey}`;
}

type StepEvent = Omit<CaseEvent, 'businessTime'> & { businessTime?: Date };

/** Appends an event of the step (business time: now unless given); true when new, false on a repeat. */
export async function appendStepEvent(
  uow: UnitOfWork,
  step: ProcessStep,
  event: StepEvent,
  now: Date,
  projection?: Record<string, unknown>,
): Promise<boolean> {
  const result = await uow.cases.appendEvent({ ...event, businessTime: event.businessTime ?? now }, now, {
    stepKey: `${step.jobType}:${step.elementInstanceKey}:${event.type}`,
    ...(projection ? { projection } : {}),
  });
  return !result.duplicate;
}

/**
 * The person behind a step — or, when the diagram carried none (a task completed straight on the
 * engine, an instance older than the variable), the system, with a warning: the step happened and the
 * case goes on; the event says only what is known (workers/README.md, "Who did it").
 */
export function personOrSystem(
  person: Actor | null,
  log: Logger,
  step: { aggregateId: string; event: CaseEventType },
): Actor {
  if (person) return person;
  log.warn(step, 'no person recorded for the step: the event names the system');
  return SYSTEM_ACTOR;
}

/** The stage application a step is about; a job about one that does not exist is an incident. */
export async function requireApplication(
  repositories: Repositories,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await repositories.cases.application(applicationId);
  if (!application) throw new NonRetryableError(`application ${applicationId} not found`);
  return application;
}

/** The item case a step is about, with its application and catalogue item (an incident when missing). */
export async function requireItemCase(
  repositories: Repositories,
  catalog: CatalogIndex,
  caseId: string,
): Promise<{ itemCase: ItemCaseRecord; application: ApplicationRecord; item: Item }> {
  const itemCase = await repositories.cases.itemCase(caseId);
  if (!itemCase) throw new NonRetryableError(`item case ${caseId} not found`);
  const application = await requireApplication(repositories, itemCase.applicationId);
  return { itemCase, application, item: catalog.item(itemCase.itemCode) };
}
