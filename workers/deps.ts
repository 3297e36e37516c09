/**
 * What workers need, built once by the composition root (system.ts) and passed in; tests pass their
 * own. Workers never touch the engine: they return an outcome that infra/engine maps.
 */
import type { Database, Tx } from '../infra/db/client.ts';
import type { Clock } from '../infra/clock.ts';
import type { Logger } from '../infra/logger.ts';
import type { SmsGateway } from '../infra/sms/sms.port.ts';
import type { CertificateService } from '../infra/certificates/certificates.port.ts';
import type { Calendars } from '../domain/calendar/calendars.ts';
import type { RecordedCaseEvent } from '../domain/case/case-event.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { Audience } from '../domain/clock/escalation-ladder.ts';
import type { ActivatedJob, JobOutcome, PublishMessageRequest } from '../infra/engine/port.ts';

export interface WorkerDeps {
  database: Database;
  /** The working calendars in force (a region's, from its clock or case). */
  calendars: Calendars;
  catalog: CatalogIndex;
  sms: SmsGateway;
  certificates: CertificateService;
  clock: Clock;
  logger: Logger;
  /** Phone numbers to warn for a department and audience (handler, head, lead department, supervisors). */
  recipients(audience: Audience, department: string): string[];
  /** Called in the transaction of every appended case event (the provincial-sync outbox). */
  afterEvent?(tx: Tx, event: RecordedCaseEvent & { blzt: number | null }): Promise<void>;
  /**
   * Messages to other process instances (the project tracker), published after the worker's
   * transaction commits; each carries a message id, so a re-delivered job publishes nothing twice.
   */
  messages?: { publish(request: PublishMessageRequest): Promise<unknown> };
  /** Told by each clock sweep how many running clocks wait on a year the calendar lacks. */
  calendarWatch?: { sawPendingClocks(count: number, at: Date): void };
}

export interface JobWorkerDefinition {
  type: string;
  handler(job: ActivatedJob): Promise<JobOutcome>;
}
