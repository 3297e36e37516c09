/**
 * approval.record-decision — 办结 (app/output/record-decision.ts): the decision of Task_Decide (local to
 * the case's decision scope), recorded as the head who made it.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { DECISIONS } from '../../domain/case/case-event.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createRecordDecisionWorker(deps: Pick<ProcessSteps, 'recordDecision'>) {
  return defineWorker({
    type: JOB_TYPES.recordDecision,
    input: Type.Object({
      [V.caseId]: Id,
      [V.decision]: Type.Enum([...DECISIONS]),
      [V.conditions]: Maybe(Type.String()),
      [V.completedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.recordDecision({
        step,
        caseId: input.caseId,
        decision: input.decision,
        conditions: textOf(input.conditions),
        decidedBy: personOf(input.completedBy),
      });
      return complete();
    },
  });
}
