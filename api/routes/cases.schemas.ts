/**
 * The schemas of the case routes: what a project, an application, an item case, its clock and a task
 * look like on the wire. Every field a person reads is documented here once.
 */
import { Type } from 'typebox';
import { INT4 } from '../edge/request-schemas.ts';
import { FLOW_TYPES } from '../../domain/catalog/catalog.types.ts';
import { PHONE_PATTERN } from './common.schemas.ts';

export const ProjectCode = Type.String({
  pattern: '^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$',
  description: '统一项目代码 yyyy-rrrrrr-ii-tt-nnnnnn',
});
export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const MaterialId = Type.String({ pattern: '^[A-Z][A-Z0-9_-]{1,31}$' });
export const Material = Type.Object(
  {
    materialId: MaterialId,
    source: Type.Union([Type.Literal('upload'), Type.Literal('reuse')], {
      description: "upload: a file handed in now; reuse: a held e-certificate or an earlier stage's material (ref).",
    }),
    ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    contentBase64: Type.Optional(
      Type.String({
        maxLength: 7_000_000,
        description: 'The file (PDF, OFD, JPEG or PNG, ≤ 5 MiB); its SHA-256 is recorded.',
      }),
    ),
    sha256: Type.Optional(Sha256),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 * 1024 * 1024 })),
  },
  { additionalProperties: false },
);
export const Json = Type.Unknown();
export const CaseSummary = Type.Object({
  caseId: Type.String(),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  itemCode: Type.String(),
  itemName: Type.String(),
  department: Type.String(),
  regionCode: Type.String(),
  stage: Type.Integer(),
  state: Type.String(),
  decision: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  catalogVersion: Type.Union([Type.String(), Type.Null()]),
});
/** 法定时限 — a clock as read now (domain/clock/legal-clock.ts); every field documented for the people who read it. */
export const ClockView = Type.Object({
  id: Type.String({
    description: "`<caseId>:ADMIN` for the item's clock, `<procedureId>:SPECIAL` for a special procedure's.",
  }),
  kind: Type.String({
    description:
      'ADMIN: 行政审批环节, working days; SPECIAL: 特别程序, its own limit in WD or ND; IMMEDIATE: 即办事项, due at the end of the receipt working day.',
  }),
  status: Type.String({
    description:
      'RUNNING, PAUSED (补正/特别程序/整改: no day is used while paused) or STOPPED (办结, 撤件, or the procedure ended).',
  }),
  pauseReason: Type.Union([Type.String(), Type.Null()], {
    description: 'While PAUSED: SUPPLEMENT (受理后补件), SPECIAL_PROCEDURE, RECTIFICATION (整改) or RETURNED (退件).',
  }),
  unit: Type.String({
    description:
      "WD: working days on the China calendar (holidays and 调休 make-up days, the region's own closures); ND: natural days.",
  }),
  startedAt: Type.String({
    description:
      'The formal receipt (正式收件, 办法 §11) or the start of the procedure. That day is not counted (民法典 §201).',
  }),
  limitDays: Type.Number({ description: 'The promised limit (承诺时限) in `unit`.' }),
  extensionDays: Type.Number({
    description: 'Days added by extensions (延期, decided by the lead department under 办法 §15).',
  }),
  totalDays: Type.Number({ description: 'limitDays + extensionDays.' }),
  deadline: Type.Union([Type.String(), Type.Null()], {
    description:
      'The end of the deadline day (23:59:59 Beijing time unless configured). Null while PAUSED, and while the deadline day lies in a year the working-day calendar lacks (see calendarPendingYear).',
  }),
  elapsedDays: Type.Number({
    description:
      'Days used: a counted day is used once the clock runs at its 00:00, so the receipt day is not, and a day on which the clock is paused during the day still is. While calendarPendingYear is set: the days the known years prove.',
  }),
  remainingDays: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Counted days after today (or after the pause or stop) up to the deadline day: 0 on the deadline day, negative once overdue. Null while a missing year hides it.',
  }),
  resumesWithDays: Type.Union([Type.Number(), Type.Null()], {
    description: 'While PAUSED: the days the clock resumes with (its remainingDays at the pause); else null.',
  }),
  pausedDays: Type.Number({ description: 'Counted days handed back by pauses so far.' }),
  overdue: Type.Boolean({
    description:
      'Past the deadline (超期, red). While calendarPendingYear is set, only when the known years already prove it.',
  }),
  light: Type.String({
    description:
      'GREEN; YELLOW from 00:00 of the working day before the deadline day (ADMIN), of the 2nd day before it in its own unit (SPECIAL), or from receipt (IMMEDIATE) — 办法 §20; RED once overdue. While calendarPendingYear is set: the least the known years prove.',
  }),
  calendarPendingYear: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'The year the working-day calendar lacks that this clock needs (its deadline day, or a day it ran, paused or resumed on); null when all is known. The system administrator loads it with PUT /api/v1/calendar/years/{year}; every figure is exact from the next read on.',
  }),
  paused: Type.Boolean({ description: 'status = PAUSED.' }),
  pausedAt: Type.Union([Type.String(), Type.Null()], { description: 'When the open pause began.' }),
});
export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  blzt: Type.Union([Type.Integer(), Type.Null()]),
  businessTime: Type.String(),
  recordedAt: Type.String(),
  actor: Type.Object({
    userId: Type.String(),
    role: Type.String(),
    departmentCode: Type.Union([Type.String(), Type.Null()]),
  }),
  payload: Json,
});
export const TaskView = Type.Object({
  id: Type.String(),
  elementId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  assignee: Type.Union([Type.String(), Type.Null()]),
  candidateGroups: Type.Array(Type.String()),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  applicationId: Type.Union([Type.String(), Type.Null()]),
  projectCode: Type.Union([Type.String(), Type.Null()]),
  stage: Type.Union([Type.Integer(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]),
  itemCode: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
});
export const Completion = Type.Object(
  {
    materialChecks: Type.Optional(
      Type.Array(
        Type.Object(
          { materialId: MaterialId, ok: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    action: Type.Optional(
      Type.Union([Type.Literal('OPINION'), Type.Literal('SUPPLEMENT'), Type.Literal('SPECIAL_PROCEDURE')]),
    ),
    opinion: Type.Optional(Type.String({ maxLength: 4000 })),
    missingMaterials: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
    procedureType: Type.Optional(Type.String({ maxLength: 40 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    conclusion: Type.Optional(Type.String({ maxLength: 4000 })),
    extensionDays: Type.Optional(Type.Integer({ ...INT4, description: 'Working days (the task checks the range).' })),
    extensionReason: Type.Optional(Type.String({ maxLength: 2000 })),
    decision: Type.Optional(
      Type.Union([Type.Literal('APPROVED'), Type.Literal('APPROVED_WITH_CONDITIONS'), Type.Literal('REJECTED')]),
    ),
    conditions: Type.Optional(Type.String({ maxLength: 4000 })),
    result: Type.Optional(Type.Union([Type.Literal('PASS'), Type.Literal('FAIL')])),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), sha256: Sha256 },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    override: Type.Optional(
      Type.Object(
        { code: Type.String({ minLength: 1, maxLength: 64 }), reason: Type.String({ minLength: 1, maxLength: 1000 }) },
        {
          additionalProperties: false,
          description: "A supervisor's override code for a completion the supervision rules would refuse (A1 秒办件).",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ProjectBody = Type.Object(
  {
    code: ProjectCode,
    name: Type.String({ minLength: 2, maxLength: 200 }),
    ownerName: Type.String({ minLength: 2, maxLength: 200 }),
    ownerUscc: Type.String({ pattern: '^[0-9A-Z]{18}$', description: '统一社会信用代码' }),
    regionCode: Type.Union([
      Type.Literal('440400'),
      Type.Literal('440402'),
      Type.Literal('440403'),
      Type.Literal('440404'),
    ]),
    flowType: Type.Union(FLOW_TYPES.map((f) => Type.Literal(f))),
    contactPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
  },
  { additionalProperties: false },
);

export const ProjectView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  ownerName: Type.String(),
  ownerUscc: Type.String(),
  regionCode: Type.String(),
  flowType: Type.String(),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  stages: Type.Array(
    Type.Object({
      applicationId: Type.String(),
      stage: Type.Integer(),
      stageName: Type.String(),
      state: Type.String(),
      submittedAt: Type.String(),
      receivedAt: Type.Union([Type.String(), Type.Null()]),
      cases: Type.Array(
        Type.Intersect([CaseSummary, Type.Object({ clocks: Type.Array(ClockView), results: Type.Array(Json) })]),
      ),
    }),
  ),
});

export const ApplicationBody = Type.Object(
  {
    projectCode: ProjectCode,
    stage: Type.Integer({ minimum: 1, maximum: 9 }),
    items: Type.Array(Type.String({ pattern: '^[A-Z0-9-]{3,32}$' }), { minItems: 1, maxItems: 30, uniqueItems: true }),
    materials: Type.Array(Material, { maxItems: 100 }),
    channel: Type.Union([Type.Literal('online'), Type.Literal('window')]),
    contactPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
  },
  { additionalProperties: false },
);

export const ApplicationView = Type.Object({
  id: Type.String(),
  projectCode: Type.String(),
  stage: Type.Integer(),
  channel: Type.String(),
  state: Type.String(),
  leadDepartment: Type.String(),
  regionCode: Type.String(),
  catalogVersion: Type.String(),
  submittedAt: Type.String(),
  receivedAt: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  cases: Type.Array(CaseSummary),
  materials: Type.Array(Json),
  timeline: Type.Array(TimelineEntry),
});

export const MaterialChecks = Type.Array(
  Type.Object(
    { materialId: MaterialId, ok: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) },
    { additionalProperties: false },
  ),
  { maxItems: 200 },
);
export const InitialCheckOutcome = Type.Object({
  outcome: Type.Union([Type.Literal('RECEIPT'), Type.Literal('SUPPLEMENT_NOTICE'), Type.Literal('PENDING')], {
    description: 'PENDING: the worker has not decided within the wait; read the application again.',
  }),
  state: Type.String(),
  missing: Type.Array(Json),
  caseNumbers: Type.Array(Type.String()),
});

export const CaseView = Type.Intersect([
  CaseSummary,
  Type.Object({
    applicationId: Type.String(),
    projectCode: Type.String(),
    access: Type.Union([Type.Literal('FULL'), Type.Literal('OPINIONS_ONLY')]),
    clocks: Type.Array(ClockView),
    specialProcedures: Type.Array(Json),
    results: Type.Array(Json),
    opinions: Type.Array(
      Type.Object({
        caseId: Type.String(),
        department: Type.String(),
        opinion: Type.String(),
        at: Type.String(),
        by: Type.String(),
      }),
    ),
    timeline: Type.Array(TimelineEntry),
  }),
]);

export const DeliveryBody = Type.Object(
  {
    method: Type.Union([Type.Literal('pickup'), Type.Literal('mail')]),
    recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    trackingNumber: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{8,30}$' })),
  },
  { additionalProperties: false },
);

export const AppId = Type.Object({ id: Type.String({ pattern: '^A[0-9A-Z]{6,30}$' }) });
export const CaseId = Type.Object({ caseId: Type.String({ pattern: '^A[0-9A-Z]{6,30}-\\d{2}$' }) });
export const TaskId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,20}$' }) });
export const Accepted = Type.Object({ accepted: Type.Boolean() });
export const TaskRef = Type.Object({ taskId: Type.String() });
