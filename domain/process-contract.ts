/**
 * The contract between the diagrams in bpmn/ and the code: every job type, BPMN error code, message
 * name and process id the diagrams use is defined here once. bpmn/contract.test.ts checks every
 * diagram against this file and against the registered workers.
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
