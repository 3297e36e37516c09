/**
 * approval.check-materials — 初步核对 (app/intake/check-materials.ts): the window's findings of
 * Task_InitialCheck in, the complete missing list out for the intake gateway and the notice.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export const MissingMaterial = Type.Object({
  materialId: Id,
  nameZh: Type.String(),
  itemCode: Id,
  reason: Type.String(),
});

export function createCheckMaterialsWorker(deps: Pick<ProcessSteps, 'checkMaterials'>) {
  return defineWorker({
    type: JOB_TYPES.checkMaterials,
    input: Type.Object({
      [V.applicationId]: Id,
      [V.materialChecks]: Type.Optional(
        Type.Array(Type.Object({ materialId: Id, ok: Type.Boolean(), note: Type.Optional(Type.String()) })),
      ),
      [V.checkedBy]: Maybe(Person),
    }),
    output: Type.Object({ [V.materialsComplete]: Type.Boolean(), [V.missingMaterials]: Type.Array(MissingMaterial) }),
    async handle(input, { step }) {
      const checked = await deps.checkMaterials({
        step,
        applicationId: input.applicationId,
        findings: input.materialChecks ?? [],
        checkedBy: personOf(input.checkedBy),
      });
      return complete({ materialsComplete: checked.complete, missingMaterials: checked.missing });
    },
  });
}
