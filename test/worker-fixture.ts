/**
 * Workers and their steps under test without an engine: the real store over the test database, the
 * real step use cases (app/process-steps.ts), a manual clock, and fakes of the outside systems that
 * behave as theirs do on a repeat — the SMS gateway and the certificate service de-duplicate on the
 * idempotency key (and refuse a reused key with other content), the engine refuses a message id it
 * holds. `job()` makes the ActivatedJob a handler receives; `apply()` seeds a submitted application.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../infra/db/client.ts';
import { appendCaseEvent } from '../infra/db/case.repo.ts';
import { caseMaterial, itemCase, project, stageApplication } from '../infra/db/schema.ts';
import { createStore } from '../infra/db/store.ts';
import { ManualClock } from '../infra/clock.ts';
import { createProcessSteps } from '../app/process-steps.ts';
import { createCalendars } from '../domain/calendar/calendars.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import type { Actor } from '../domain/case/case-event.ts';
import { EngineError, type ActivatedJob, type PublishMessageRequest } from '../domain/ports/engine.port.ts';
import type { IssueCertificateRequest, IssuedCertificate } from '../domain/ports/certificates.port.ts';
import type { SmsSendRequest } from '../domain/ports/sms.port.ts';

let seq = 0;
const step = (jobType: string) => ({ jobType, elementInstanceKey: String(2251799813680000 + ++seq) });

export interface ApplyInput {
  items: string[];
  stage?: number;
  /** Uploaded material ids (default: every material of the items). */
  materials?: string[];
  contactPhone?: string | null;
  /** Apply under a project seeded before (default: a new project). */
  projectCode?: string;
}

/** Who gets time warnings, one mobile per audience. */
export const CONTACTS = {
  HANDLER: '13900000001',
  DEPT_HEAD: '13900000002',
  LEAD_DEPT: '13900000003',
  SUPERVISOR: '13800000001',
} as const;

/** People as the case API sets them. */
export const PEOPLE = {
  window: { userId: 'u-window', role: 'WINDOW', departmentCode: 'ZH_ZWFWJ' },
  reviewer: { userId: 'u-reviewer-zjj', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' },
  head: { userId: 'u-head-zjj', role: 'DEPT_HEAD', departmentCode: 'ZH_ZJJ' },
  lead: { userId: 'u-lead-zjj', role: 'DEPT_HEAD', departmentCode: 'ZH_ZJJ' },
  applicant: { userId: 'u-applicant', role: 'APPLICANT', departmentCode: null },
} satisfies Record<string, Actor>;

export function workerFixture(getDatabase: () => Database) {
  const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
  const calendars = createCalendars([]);
  const catalog = indexCatalog(ZHUHAI_CATALOG);

  const sms: SmsSendRequest[] = [];
  const smsGateway = {
    failing: false,
    async send(request: SmsSendRequest) {
      if (smsGateway.failing) throw new Error('sms gateway down');
      const earlier = sms.find((m) => m.idempotencyKey === request.idempotencyKey);
      if (earlier && !isDeepStrictEqual(earlier, request))
        throw new Error(`idempotency key ${request.idempotencyKey} reused with other content`);
      if (!earlier) sms.push(request);
      return { messageId: `sms-${request.idempotencyKey}` };
    },
  };
  const certificates: IssueCertificateRequest[] = [];
  const certificateService = {
    async issue(request: IssueCertificateRequest): Promise<IssuedCertificate> {
      if (!certificates.some((c) => c.idempotencyKey === request.idempotencyKey)) certificates.push(request);
      const n = certificates.findIndex((c) => c.idempotencyKey === request.idempotencyKey) + 1;
      return {
        identifier: `1.2.156.3005.2.TEST.${n}`,
        fileHash: 'ab'.repeat(32),
        hashAlgorithm: 'SM3',
        fileUrl: `http://cert.test/${n}.ofd`,
        status: '01',
        sealVerified: true,
        issuedAt: clock.now().toISOString(),
      };
    },
    verify: () => Promise.reject(new Error('not used')),
    revoke: () => Promise.reject(new Error('not used')),
  };
  const messages: PublishMessageRequest[] = [];
  const engineMessages = {
    async publishMessage(request: PublishMessageRequest) {
      if (request.messageId && messages.some((m) => m.name === request.name && m.messageId === request.messageId)) {
        throw new EngineError('MESSAGE_ALREADY_EXISTS', `a message with id ${request.messageId} is already published`);
      }
      messages.push(request);
      return { messageKey: String(messages.length) };
    },
  };
  const warnings: { facts: Record<string, unknown>; message: string }[] = [];
  const pendingClocks: { count: number; at: Date }[] = [];
  /** What the sweep asked the contact directory: audience, department, region. */
  const contactsAsked: { audience: string; department: string; regionCode: string | undefined }[] = [];
  /** Departments the fake directory has nobody on file for. */
  const nobodyOnFile = new Set<string>();

  let built: ReturnType<typeof build> | undefined;
  function build() {
    const database = getDatabase();
    const store = createStore({ database, calendars });
    const steps = createProcessSteps({
      store,
      catalog,
      calendars,
      clock,
      sms: smsGateway,
      certificates: certificateService,
      messages: engineMessages,
      contacts: {
        recipients: (audience, department, regionCode) => {
          contactsAsked.push({ audience, department, regionCode });
          return nobodyOnFile.has(department) ? [] : [CONTACTS[audience]];
        },
      },
      log: {
        warn: (facts, message) => {
          warnings.push({ facts, message });
        },
      },
      pendingClocks: {
        sawPendingClocks: (count, at) => {
          pendingClocks.push({ count, at });
        },
      },
    });
    return { database, store, steps };
  }
  const current = () => (built ??= build());

  return {
    clock,
    calendars,
    catalog,
    sms,
    smsGateway,
    certificates,
    messages,
    warnings,
    pendingClocks,
    contactsAsked,
    nobodyOnFile,
    get store() {
      return current().store;
    },
    get steps() {
      return current().steps;
    },

    /** The job a handler receives: the same key and element instance on a re-delivery. */
    job(
      type: string,
      variables: Record<string, unknown>,
      elementInstanceKey = String(2251799813690000 + ++seq),
    ): ActivatedJob {
      return {
        key: String(2251799813700000 + seq),
        type,
        processInstanceKey: '2251799813685249',
        bpmnProcessId: 'stage-application',
        processDefinitionVersion: 1,
        elementId: 'Task_Test',
        elementInstanceKey,
        customHeaders: {},
        worker: 'test',
        retries: 5,
        deadline: clock.now().getTime() + 300_000,
        variables,
      };
    },

    /** Seeds a registered project and a submitted stage application with its item cases and uploaded materials. */
    async apply(input: ApplyInput) {
      const { db } = current().database;
      const n = ++seq;
      const stageNo = input.stage ?? 3;
      const code = input.projectCode ?? `2604-440402-04-01-${String(500000 + n)}`;
      const now = clock.now();
      const phone = input.contactPhone === undefined ? '13912345678' : input.contactPhone;
      if (!input.projectCode) {
        await db.insert(project).values({
          code,
          name: '珠海某住宅项目',
          ownerName: '珠海某建设有限公司',
          ownerUscc: '91440400MA4W000001',
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
          contactPhone: phone,
          createdAt: now,
        });
      }
      const applicationId = `A-T${n}`;
      const caseIds = input.items.map((_, i) => `${applicationId}-${String(i + 1).padStart(2, '0')}`);
      await db.insert(stageApplication).values({
        id: applicationId,
        projectCode: code,
        stageNo,
        channel: 'window',
        state: 'NEW',
        catalogVersion: ZHUHAI_CATALOG.version,
        regionCode: '440402',
        leadDepartment: catalog.stage(stageNo).leadDepartment,
        contactPhone: phone,
        submittedAt: now,
        itemSet: [...input.items].sort().join(','),
      });
      await db.insert(itemCase).values(
        input.items.map((itemCode, i) => ({
          id: caseIds[i]!,
          applicationId,
          projectCode: code,
          itemCode,
          department: catalog.item(itemCode).department,
          regionCode: '440402',
          stageNo,
          state: 'PENDING',
        })),
      );
      const materials = input.materials ?? input.items.flatMap((c) => catalog.item(c).materials.map((m) => m.id));
      if (materials.length)
        await db.insert(caseMaterial).values(
          materials.map((materialId) => ({
            applicationId,
            materialId,
            source: 'upload' as const,
            sha256: 'a'.repeat(64),
            fileName: `${materialId}.pdf`,
            size: 1024,
            createdAt: now,
          })),
        );
      await appendCaseEvent(
        db,
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'SUBMITTED',
          actor: PEOPLE.window,
          businessTime: now,
          payload: { channel: 'window', items: input.items },
        },
        now,
      );
      return { applicationId, caseIds, projectCode: code };
    },

    /** A submitted application the window checked (初步核对), with what the check found missing. */
    async checked(input: ApplyInput) {
      const applied = await this.apply(input);
      const { missing } = await current().steps.checkMaterials({
        step: step('approval.check-materials'),
        applicationId: applied.applicationId,
        findings: [],
        checkedBy: PEOPLE.window,
      });
      return { ...applied, missing };
    },

    /** A complete application received at the window (正式收件): its cases numbered, in review, their clocks running. */
    async received(input: ApplyInput) {
      const applied = await this.checked(input);
      await current().steps.issueReceipt({
        step: step('approval.issue-receipt'),
        applicationId: applied.applicationId,
        checkedBy: PEOPLE.window,
      });
      return applied;
    },

    events: (aggregateId: string) => current().store.read.cases.events(aggregateId),
    clocksOf: (caseId: string) => current().store.read.clocks.ofCases([caseId]),
    itemCase: (caseId: string) => current().store.read.cases.itemCase(caseId),
  };
}

export type WorkerFixture = ReturnType<typeof workerFixture>;
