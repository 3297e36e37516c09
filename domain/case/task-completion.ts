/**
 * 办理任务 — what a person may submit when completing each user task of the stage diagrams, checked
 * before the engine sees it: which action (domain/access/policy.ts) the task needs, which fields are
 * required for which choice, and the process variables the completion sets. A refusal names the field
 * (`body.<name>`), so nothing reaches the engine half-filled.
 */
import type { Action } from '../access/policy.ts';
import type { CatalogIndex } from '../catalog/catalog-index.ts';
import { DomainError } from '../errors.ts';
import { REVIEW_ACTIONS, type ReviewAction } from '../process-contract.ts';
import { DECISIONS, type Decision } from './case-event.ts';

/** The user tasks of bpmn/ and the action each needs. */
export const TASK_ACTIONS = {
  Task_InitialCheck: 'case.intake',
  Task_Review: 'case.review',
  Task_RunProcedure: 'case.review',
  Task_JointReview: 'case.coordinate',
  Task_DecideExtension: 'case.coordinate',
  Task_Decide: 'case.decide',
} as const satisfies Record<string, Action>;
export type TaskElement = keyof typeof TASK_ACTIONS;

export function isTaskElement(elementId: string): elementId is TaskElement {
  return Object.hasOwn(TASK_ACTIONS, elementId);
}

/** Longest extension the lead may grant at once (working days). */
export const MAX_EXTENSION_DAYS = 30;
export const SPECIAL_PROCEDURE_RESULTS = ['PASS', 'FAIL'] as const;

/** The union of what any task's completion may carry (the API body). */
export interface TaskCompletion {
  materialChecks?: { materialId: string; ok: boolean; note?: string }[];
  action?: string;
  opinion?: string;
  missingMaterials?: string[];
  procedureType?: string;
  reason?: string;
  conclusion?: string;
  extensionDays?: number;
  extensionReason?: string;
  decision?: string;
  conditions?: string;
  result?: string;
  note?: string;
  attachments?: { name: string; sha256: string }[];
}

/** Who completed the task, carried into the case event the worker writes. */
export interface CompletedBy {
  userId: string;
  role: string;
  departmentCode: string | null;
}

const invalid = (field: string, message: string): DomainError =>
  new DomainError('TASK_INPUT_INVALID', message, { field: `body.${field}` });
const text = (value: string | undefined): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The variables a completion sets, or TASK_INPUT_INVALID naming the field. `itemCode` is the task's
 * item (for the special procedures it allows); fields a task does not use are refused, so a form
 * mix-up is seen at once rather than silently dropped.
 */
export function completionVariables(
  element: TaskElement,
  input: TaskCompletion,
  context: { catalog: CatalogIndex; itemCode: string | null; completedBy: CompletedBy },
): Record<string, unknown> {
  const allowed: Record<TaskElement, readonly (keyof TaskCompletion)[]> = {
    Task_InitialCheck: ['materialChecks', 'note'],
    Task_Review: ['action', 'opinion', 'missingMaterials', 'procedureType', 'reason', 'attachments'],
    Task_RunProcedure: ['result', 'note', 'attachments'],
    Task_JointReview: ['conclusion', 'attachments'],
    Task_DecideExtension: ['extensionDays', 'extensionReason'],
    Task_Decide: ['decision', 'conditions', 'opinion', 'attachments'],
  };
  for (const key of Object.keys(input) as (keyof TaskCompletion)[]) {
    if (input[key] !== undefined && !allowed[element].includes(key))
      throw invalid(key, `${element} does not take ${key}`);
  }
  const by = { completedBy: context.completedBy, attachments: input.attachments ?? [] };
  switch (element) {
    case 'Task_InitialCheck': {
      if (!input.materialChecks)
        throw invalid('materialChecks', '逐项核对结果 materialChecks 必填(全部合格时为空数组)');
      const seen = new Set<string>();
      for (const [i, c] of input.materialChecks.entries()) {
        if (seen.has(c.materialId)) throw invalid(`materialChecks.${i}.materialId`, `材料 ${c.materialId} 重复`);
        seen.add(c.materialId);
        if (!c.ok && !text(c.note))
          throw invalid(`materialChecks.${i}.note`, `材料 ${c.materialId} 不合格时须写明原因`);
      }
      return {
        materialChecks: input.materialChecks.map((c) => ({
          materialId: c.materialId,
          ok: c.ok,
          ...(text(c.note) ? { note: text(c.note) } : {}),
        })),
        completedBy: context.completedBy,
      };
    }
    case 'Task_Review': {
      const action = input.action as ReviewAction | undefined;
      if (!action || !REVIEW_ACTIONS.includes(action))
        throw invalid('action', `action 须为 ${REVIEW_ACTIONS.join(' / ')}`);
      if (action === 'OPINION') {
        const opinion = text(input.opinion);
        if (!opinion) throw invalid('opinion', '审查意见 opinion 必填');
        return { action, opinion, reviewer: context.completedBy.userId, ...by };
      }
      if (action === 'SUPPLEMENT') {
        const missing = (input.missingMaterials ?? []).map((m) => m.trim()).filter(Boolean);
        if (missing.length === 0) throw invalid('missingMaterials', '补件须一次性列明全部所缺材料');
        return { action, missingMaterials: missing, opinion: text(input.reason), ...by };
      }
      const type = text(input.procedureType);
      if (!type) throw invalid('procedureType', '特别程序类型 procedureType 必填');
      if (!text(input.reason)) throw invalid('reason', '启动特别程序须写明理由');
      try {
        context.catalog.specialProcedureType(type);
        if (context.itemCode) context.catalog.specialProcedureOf(context.itemCode, type);
      } catch (err) {
        if (err instanceof DomainError) throw new DomainError(err.code, err.message, { field: 'body.procedureType' });
        throw err;
      }
      return { action, procedureType: type, opinion: text(input.reason), ...by };
    }
    case 'Task_RunProcedure': {
      const result = input.result as (typeof SPECIAL_PROCEDURE_RESULTS)[number] | undefined;
      if (!result || !SPECIAL_PROCEDURE_RESULTS.includes(result)) throw invalid('result', 'result 须为 PASS 或 FAIL');
      const note = text(input.note);
      if (result === 'FAIL' && !note) throw invalid('note', '特别程序未通过须写明整改要求');
      return { result, note, ...by };
    }
    case 'Task_JointReview': {
      const conclusion = text(input.conclusion);
      if (!conclusion) throw invalid('conclusion', '会审结论 conclusion 必填');
      return { conclusion, ...by };
    }
    case 'Task_DecideExtension': {
      const days = input.extensionDays;
      if (days === undefined || !Number.isInteger(days) || days < 0 || days > MAX_EXTENSION_DAYS)
        throw invalid('extensionDays', `延长天数须为 0–${MAX_EXTENSION_DAYS} 的整数`);
      const reason = text(input.extensionReason);
      if (days > 0 && !reason) throw invalid('extensionReason', '延长时限须写明理由');
      return { extensionDays: days, extensionReason: reason, completedBy: context.completedBy };
    }
    case 'Task_Decide': {
      const decision = input.decision as Decision | undefined;
      if (!decision || !DECISIONS.includes(decision))
        throw invalid('decision', `decision 须为 ${DECISIONS.join(' / ')}`);
      const conditions = text(input.conditions);
      if (decision === 'APPROVED_WITH_CONDITIONS' && !conditions) throw invalid('conditions', '附条件许可须写明条件');
      const opinion = text(input.opinion);
      if (decision === 'REJECTED' && !opinion) throw invalid('opinion', '不予许可须说明理由');
      return { decision, conditions: decision === 'REJECTED' ? opinion : conditions, opinion, ...by };
    }
  }
}
