/**
 * The schemas of the project, application and item-case routes: what a project, an application and an
 * item case look like on the wire (their clocks and timelines: clock.schemas.ts; tasks: tasks.schemas.ts).
 * Every field a person reads is documented here once.
 */
import { Type } from 'typebox';
import { FLOW_TYPES } from '../../domain/catalog/catalog.types.ts';
import { PHONE_PATTERN } from './common.schemas.ts';
import { ClockView, Json, TimelineEntry } from './clock.schemas.ts';

/** Body limits of these routes: a small command, or one carrying material files. */
export const SMALL = { bodyLimit: 32 * 1024 };
export const UPLOAD = { bodyLimit: 30 * 1024 * 1024 };

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
export const Accepted = Type.Object({ accepted: Type.Boolean() });
