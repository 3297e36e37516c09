/**
 * approval.record-withdrawal — 撤件 (app/intake/record-withdrawal.ts): the `case.withdrawn` message
 * names the applicant who withdrew by user id (or as a person) and why.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createRecordWithdrawalWorker(deps: Pick<ProcessSteps, 'recordWithdrawal'>) {
  return defineWorker({
    type: JOB_TYPES.recordWithdrawal,
    input: Type.Object({
      [V.applicationId]: Id,
      [V.withdrawnBy]: Maybe(Type.Union([Id, Person])),
      [V.withdrawReason]: Maybe(Type.String()),
    }),
    async handle(input, { step }) {
      const by = input.withdrawnBy;
      // a user id alone is the applicant's (only the project's owner side may withdraw)
      const withdrawnBy =
        typeof by === 'string' ? { userId: by, role: 'APPLICANT', departmentCode: null } : personOf(by);
      await deps.recordWithdrawal({
        step,
        applicationId: input.applicationId,
        withdrawnBy,
        reason: textOf(input.withdrawReason),
      });
      return complete();
    },
  });
}
