/**
 * The inputs of the monthly report (monthly-report.ts): one row per item case with its facts as of
 * the end of the month, the month's anomaly flags, the intake counts, the province-sync figures, the
 * stage completions, last month's flags as they stand now and the headlines compared with.
 */
export interface ReportCase {
  caseId: string;
  caseNumber: string | null;
  itemCode: string;
  department: string;
  regionCode: string;
  stage: number;
  /** 审批流程类型 of the project. */
  flowType: string;
  /** 申报来源: online (网上申报) or window (窗口). */
  channel: 'online' | 'window';
  acceptedAt: Date | null;
  decidedAt: Date | null;
  decision: string | null;
  /** Whether the administrative clock was past its deadline at the decision (or at month end while open). */
  overdue: boolean;
  /** Working days used so far (at decision or month end). */
  elapsedDays: number | null;
  /** The limit in working days, extensions included (null without an administrative clock). */
  limitDays: number | null;
  supplementRounds: number;
  specialProcedures: number;
  /** Special procedures past their own limit (finished late, or still running past it at month end). */
  specialOverruns: number;
  /** Yellow and red warnings fired in the month. */
  yellowWarnings: number;
  redWarnings: number;
  /** The item issues an e-certificate and the decision approved it; whether one was issued by month end. */
  eCertExpected: boolean;
  eCertIssued: boolean;
  /** The case's province records recorded in the month, and how many were acknowledged within 5 minutes. */
  syncRecords: number;
  syncOnTime: number;
  /** Withdrawn (撤回) or revoked after acceptance: no longer outstanding from then on. */
  closedAt: Date | null;
}
export interface ReportFlag {
  caseId: string;
  rule: string;
  ruleVersion?: number;
  status?: string;
  department: string;
  regionCode: string;
  detectedAt: Date;
}

/**
 * Province sync in the month (办法 §5, A10): records recorded in the month, how many the province has
 * acknowledged, how many within the 5-minute limit, refused (parked) and still pending; lag in seconds.
 */
export interface ReportSync {
  records: number;
  acknowledged: number;
  withinLimit: number;
  parked: number;
  pending: number;
  p95LagS: number | null;
  maxLagS: number | null;
}

/** 接件 (applications submitted in the month) and 不予受理 (item cases refused at acceptance in the month). */
export interface ReportIntake {
  received: number;
  notAccepted: number;
}

/**
 * A stage application all of whose item cases were decided: the stage completed (阶段办结) at the last
 * decision. `stageDays`: working days from its receipt; for 竣工验收 (stage 4) `fullProcessDays` from
 * the project's first receipt, against `targetDays` (the catalogue's stage limits of its flow type).
 */
export interface ReportStageCompletion {
  applicationId: string;
  projectCode: string;
  stage: number;
  flowType: string;
  regionCode: string;
  completedAt: Date;
  stageDays: number | null;
  fullProcessDays: number | null;
  targetDays: number | null;
}

/** A flag raised in the month before, with its status at this month's end (整改跟踪). */
export interface ReportFollowUp {
  flagId: number;
  caseId: string;
  rule: string;
  department: string;
  regionCode: string;
  detectedAt: Date;
  status: string;
}

/** The figures compared month on month (环比) and year on year (同比). */
export interface Headline {
  month: string;
  accepted: number;
  decided: number;
  onTimeRate: number | null;
  flags: number;
  supplementRate: number | null;
}

export interface ReportInputs {
  cases: readonly ReportCase[];
  flags: readonly ReportFlag[];
  sync?: ReportSync;
  intake?: ReportIntake;
  completions?: readonly ReportStageCompletion[];
  followUps?: readonly ReportFollowUp[];
  /** The previous month's and the same month last year's headline figures. */
  previous?: Headline | null;
  lastYear?: Headline | null;
}
