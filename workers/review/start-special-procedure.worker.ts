/**
 * approval.start-special-procedure — 特别程序开始 (app/review/record-special-procedure-start.ts): the type
 * the reviewer chose and who chose it (the call activity's `startedBy`); the procedure's id and
 * deadline (the due date of Task_RunProcedure) go out.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createStartSpecialProcedureWorker(deps: Pick<ProcessSteps, 'recordSpecialProcedureStart'>) {
  return defineWorker({
    type: JOB_TYPES.startSpecialProcedure,
    input: Type.Object({ [V.caseId]: Id, [V.procedureType]: Id, [V.startedBy]: Maybe(Person) }),
    output: Type.Object({ [V.specialDeadline]: Type.Union([Type.String(), Type.Null()]), [V.procedureId]: Id }),
    async handle(input, { step }) {
      const started = await deps.recordSpecialProcedureStart({
        step,
        caseId: input.caseId,
        type: input.procedureType,
        startedBy: personOf(input.startedBy),
      });
      // null while the deadline falls in a year the working-day calendar lacks (the task then has no due date)
      return complete({ specialDeadline: started.deadline?.toISOString() ?? null, procedureId: started.procedureId });
    },
  });
}
