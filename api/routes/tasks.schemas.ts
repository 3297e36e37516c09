/**
 * The schemas of the task routes: an open task, what completing one carries, and the task a command
 * opened. Every field a person reads is documented here once.
 */
import { Type } from 'typebox';
import { INT4 } from '../edge/request-schemas.ts';
import { MaterialId, Sha256 } from './cases.schemas.ts';

export const TaskId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,20}$' }) });
export const TaskRef = Type.Object({ taskId: Type.String() });
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
