/**
 * The contract between the diagrams in bpmn/ and the code: every job type, BPMN error code, message
 * name, process id and process variable the diagrams or the workers use is defined here once.
 * bpmn/contract.test.ts checks every diagram against this file and against the registered workers.
 */

export const PROCESS_IDS = {
  /** 阶段申报 — one stage application: 统一收件 → 并联审批 → 统一出件. */
  stageApplication: 'stage-application',
  /** 特别程序 — a special procedure called from a department review. */
  specialProcedure: 'special-procedure',
  /** 项目 — a project across the four stages and the parallel track. */
  project: 'project',
  /** 时限监察 — the cycle that evaluates every running clock's escalation ladder. */
  clockSweep: 'clock-sweep',
} as const;

export const JOB_TYPES = {
  checkMaterials: 'approval.check-materials',
  issueSupplementNotice: 'approval.issue-supplement-notice',
  issueReceipt: 'approval.issue-receipt',
  recordWithdrawal: 'approval.record-withdrawal',
  recordOpinion: 'approval.record-opinion',
  requestSupplement: 'approval.request-supplement',
  resumeClock: 'approval.resume-clock',
  startSpecialProcedure: 'approval.start-special-procedure',
  finishSpecialProcedure: 'approval.finish-special-procedure',
  recordJointReview: 'approval.record-joint-review',
  recordDecision: 'approval.record-decision',
  issueResult: 'approval.issue-result',
  notifyResults: 'approval.notify-results',
  sweepClocks: 'approval.sweep-clocks',
} as const;
export type JobType = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];

/** Messages are correlated by application id or case id, the project ones by `${projectCode}/${stage}`. */
export const MESSAGES = {
  /** The applicant handed in the materials of a supplement notice before receipt (correlation: application id). */
  supplemented: 'case.supplemented',
  /** The applicant handed in the materials a department asked for after acceptance (correlation: case id). */
  itemSupplemented: 'case.item-supplemented',
  /** The applicant withdrew the application (correlation: application id). */
  withdrawn: 'case.withdrawn',
  /** The applicant rectified after a failed special procedure (correlation: case id). */
  rectified: 'case.rectified',
  /** An applicant applied for a stage of a project (correlation: `${projectCode}/${stage}`; message id: the application id). */
  stageApplied: 'project.stage-applied',
  /** A stage application ended with its results issued (correlation: `${projectCode}/${stage}`; message id: `${applicationId}:completed`). */
  stageCompleted: 'project.stage-completed',
} as const;
/** How long a project message (stage applied / completed) waits for the project tracker to reach its stage. */
export const PROJECT_MESSAGE_TTL_MS = 400 * 24 * 3_600_000;

export type MessageName = (typeof MESSAGES)[keyof typeof MESSAGES];

export const BPMN_ERRORS = {
  /** The case can no longer go on (withdrawn, revoked) — caught to end a review cleanly. */
  caseClosed: 'CASE_CLOSED',
} as const;

/** What a department reviewer decides in Task_Review. */
export const REVIEW_ACTIONS = ['OPINION', 'SUPPLEMENT', 'SPECIAL_PROCEDURE'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The candidate group of the comprehensive window (综合窗口). */
export const WINDOW_GROUP = 'WINDOW';

/**
 * Every process variable a diagram (io mappings, conditions, correlation keys, assignments) or a
 * worker (its input and output schemas) reads or writes. A person is `{ userId, role, departmentCode }`,
 * set by the case API from the caller (`completedBy`) and renamed by the diagram for the step it
 * completed. bpmn/contract.test.ts holds the diagrams and the workers to this list, and every name on
 * it to some use.
 */
export const VARIABLES = {
  // ── the stage application, set when its instance is created ──
  /** 阶段申报 id; correlation key of case.supplemented and case.withdrawn. */
  applicationId: 'applicationId',
  /** 项目代码; with `awaitedStage` the correlation key of the project tracker's messages. */
  projectCode: 'projectCode',
  /** The stage's lead department (牵头部门): candidate group of the joint review and extension decisions. */
  leadDepartment: 'leadDepartment',
  /** `{ caseId, department, itemCode }` per item case: the review and decision multi-instances run over it. */
  itemCases: 'itemCases',
  /** One element of `itemCases` inside a multi-instance. */
  itemCase: 'itemCase',
  /** The stage the project tracker waits for (local to each catch event). */
  awaitedStage: 'awaitedStage',

  // ── intake: 初步核对, 补齐补正, 正式收件 ──
  /** The window's item-by-item findings `{ materialId, ok, note? }` (Task_InitialCheck). */
  materialChecks: 'materialChecks',
  /** The window clerk who completed Task_InitialCheck (a person). */
  checkedBy: 'checkedBy',
  /** Whether nothing is missing (check-materials output; the intake gateway's condition). */
  materialsComplete: 'materialsComplete',
  /**
   * What is missing: at intake the check's list `{ materialId, nameZh, itemCode, reason }`; inside a
   * department's review (local to its scope) the reviewer's names of the materials asked for.
   */
  missingMaterials: 'missingMaterials',
  /** Case number (办件编号) by case id, given at the formal receipt (issue-receipt output). */
  caseNumbers: 'caseNumbers',
  /** The applicant who withdrew (a user id or a person; the `case.withdrawn` message). */
  withdrawnBy: 'withdrawnBy',
  /** Why the application was withdrawn (the `case.withdrawn` message). */
  withdrawReason: 'withdrawReason',

  // ── a department's review (local to the case's review scope) ──
  /** The item case a job or task of a multi-instance is about (`itemCase.caseId`). */
  caseId: 'caseId',
  /** The department running a special procedure (its task's candidate group). */
  department: 'department',
  /** The reviewer's choice: OPINION, SUPPLEMENT or SPECIAL_PROCEDURE. */
  action: 'action',
  /** The reviewer's opinion text; record-opinion turns it into `{ caseId, opinion }` for `opinions`. */
  opinion: 'opinion',
  /** Every department's `{ caseId, opinion }`, collected by the review multi-instance. */
  opinions: 'opinions',
  /** The person who completed the user task of the current scope (set by the case API). */
  completedBy: 'completedBy',
  /** The lead department's extension in working days (Task_DecideExtension, 办法 §15). */
  extensionDays: 'extensionDays',
  /** Why the limit is extended. */
  extensionReason: 'extensionReason',
  /** The lead's person who completed Task_DecideExtension. */
  extendedBy: 'extendedBy',

  // ── special procedures (特别程序) ──
  /** The type of special procedure (catalogue code, e.g. EXPERT_REVIEW). */
  procedureType: 'procedureType',
  /** The reviewer who chose the special procedure (the call activity's input). */
  startedBy: 'startedBy',
  /** The special procedure's id (start-special-procedure output). */
  procedureId: 'procedureId',
  /** The procedure's deadline (ISO), the due date of Task_RunProcedure; null while the calendar lacks its year. */
  specialDeadline: 'specialDeadline',
  /**
   * PASS or FAIL of a special procedure (Task_RunProcedure); in the decision scope issue-result's
   * `{ caseId, title, docNumber, certificateId }`.
   */
  result: 'result',
  /** The procedure's note (the rectification asked for on FAIL). */
  note: 'note',
  /** The person who completed Task_RunProcedure. */
  finishedBy: 'finishedBy',
  /** The person who reported the rectification (the `case.rectified` message). */
  rectifiedBy: 'rectifiedBy',

  // ── joint review and decision ──
  /** The lead department's conclusion as entered in Task_JointReview. */
  conclusion: 'conclusion',
  /** The joint review's conclusion, as the diagram keeps it. */
  jointConclusion: 'jointConclusion',
  /** The lead's person who completed Task_JointReview. */
  jointReviewedBy: 'jointReviewedBy',
  /** APPROVED, APPROVED_WITH_CONDITIONS or REJECTED (Task_Decide). */
  decision: 'decision',
  /** The conditions of an APPROVED_WITH_CONDITIONS. */
  conditions: 'conditions',
  /** Every case's `{ caseId, decision }`, collected by the decision multi-instance. */
  decisions: 'decisions',

  // ── supervision ──
  /** How many warning rungs a clock sweep sent (sweep-clocks output). */
  fired: 'fired',
} as const;
export type VariableName = (typeof VARIABLES)[keyof typeof VARIABLES];

/** The project tracker's variables named by stage: `stage3ApplicationId`, `stage3Decisions`. */
export function stageVariable(stageNo: number, name: 'ApplicationId' | 'Decisions'): string {
  return `stage${stageNo}${name}`;
}
