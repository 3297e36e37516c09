/**
 * approval.finish-special-procedure — 特别程序结束 (app/review/record-special-procedure-result.ts): PASS
 * or FAIL of Task_RunProcedure with its note, recorded as the person who ran it (`finishedBy`).
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createFinishSpecialProcedureWorker(deps: Pick<ProcessSteps, 'recordSpecialProcedureResult'>) {
  return defineWorker({
    type: JOB_TYPES.finishSpecialProcedure,
    input: Type.Object({
      [V.caseId]: Id,
      [V.procedureId]: Id,
      [V.result]: Type.Enum(['PASS', 'FAIL']),
      [V.note]: Maybe(Type.String()),
      [V.procedureType]: Maybe(Type.String()),
      [V.finishedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.recordSpecialProcedureResult({
        step,
        caseId: input.caseId,
        procedureId: input.procedureId,
        result: input.result,
        note: textOf(input.note),
        type: textOf(input.procedureType),
        finishedBy: personOf(input.finishedBy),
      });
      return complete();
    },
  });
}
