/**
 * 短信模板 — the SMS templates the system sends, as data. Placeholders are `{name}`; the list of
 * parameters a template needs is read from its text, so text and parameters cannot drift apart.
 * Real gateways (e.g. the government SMS platform) need every template registered in advance; the
 * ids here are ours and would be mapped to the gateway's template codes when it is known.
 */
import type { SmsTemplateId } from '../../domain/ports/sms.port.ts';

export type SmsAudience = 'applicant' | 'handler-and-head' | 'supervisor' | 'operator';

export interface SmsTemplate {
  /** Chinese name, as staff call it. */
  name: string;
  audience: SmsAudience;
  /** Where the duty to send it comes from. */
  basis: string;
  text: string;
}

const SIGN = '【珠海工程建设项目审批】';

export const SMS_TEMPLATES = {
  /** 补齐补正通知 — supplement notice, one-time full notification (办法 §10). */
  SUPPLEMENT_NOTICE: {
    name: '补齐补正通知',
    audience: 'applicant',
    basis: '办法 §9–§11',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）经初步核对需补齐补正：{materials}。以上为一次性告知，请补齐后重新提交；审批时限自正式收件之日起计算。`,
  },
  /** 正式收件回执 — formal receipt; the administrative clock starts (办法 §11). */
  FORMAL_RECEIPT: {
    name: '正式收件回执',
    audience: 'applicant',
    basis: '办法 §11',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）材料齐全，已于{receivedAt}正式收件，承诺办理时限{limitDays}个工作日。`,
  },
  /** 特别程序启动告知 — special procedure started, with its type and limit (办法 §12). */
  SPECIAL_PROCEDURE_STARTED: {
    name: '特别程序启动告知',
    audience: 'applicant',
    basis: '办法 §12',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）于{startedAt}进入特别程序：{procedureType}，时限{limit}{limitUnit}。特别程序所需时间不计入审批时限。`,
  },
  /** 特别程序通过 — special procedure passed; the administrative clock resumes (办法 §12). */
  SPECIAL_PROCEDURE_PASSED: {
    name: '特别程序通过告知',
    audience: 'applicant',
    basis: '办法 §12',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）特别程序（{procedureType}）已通过，审批时限自{resumedAt}起恢复计算。`,
  },
  /** 一次性整改告知 — special procedure failed, one-time rectification notice (办法 §12). */
  SPECIAL_PROCEDURE_FAILED: {
    name: '一次性整改告知',
    audience: 'applicant',
    basis: '办法 §12',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）特别程序（{procedureType}）未通过。一次性整改告知：{rectification}。请于{rectifyBy}前完成整改。`,
  },
  /** 结果告知 — result ready, sent the same day (办法 §18). */
  RESULT_READY: {
    name: '审批结果告知',
    audience: 'applicant',
    basis: '办法 §18',
    text: `${SIGN}您申报的“{itemName}”（申报编号{caseNo}）已办结，结果：{result}。{collection}`,
  },
  /** 黄灯预警 — yellow warning to the handler and the department head (办法 §20). */
  YELLOW_WARNING: {
    name: '黄灯预警',
    audience: 'handler-and-head',
    basis: '办法 §20',
    text: `${SIGN}黄灯预警：{deptName}办理的“{itemName}”（申报编号{caseNo}）环节“{stepName}”将于{deadline}到期，剩余{remaining}，请及时办理。`,
  },
  /** 红灯警示 — red warning (overdue) to the handler and the department head (办法 §20). */
  RED_WARNING: {
    name: '红灯警示',
    audience: 'handler-and-head',
    basis: '办法 §20',
    text: `${SIGN}红灯警示：{deptName}办理的“{itemName}”（申报编号{caseNo}）环节“{stepName}”已于{deadline}超期，请立即办理并说明原因。`,
  },
  /** 督办升级 — escalation to supervisors (办法 §20–§21). */
  ESCALATION: {
    name: '督办提醒',
    audience: 'supervisor',
    basis: '办法 §20–§21',
    text: `${SIGN}督办提醒：{deptName}办理的“{itemName}”（申报编号{caseNo}）{issue}，已持续{duration}，请督促处理。`,
  },
  /** 数据同步滞后告警 — province sync-lag alert to operators (办法 §5, lag ≤ 5 min). */
  SYNC_LAG_ALERT: {
    name: '省级数据同步滞后告警',
    audience: 'operator',
    basis: '办法 §5',
    text: `${SIGN}运维告警：向省工改系统推送滞后，{pendingCount}条记录未同步，最长滞后{lagMinutes}分钟（要求不超过5分钟），请检查接口。`,
  },
  /** 工作日历即将到期 — the calendar's last known year ends soon (weekly until the next year is loaded). */
  CALENDAR_YEAR_MISSING: {
    name: '工作日历年度提醒',
    audience: 'operator',
    basis: '办法 §20(时限按工作日计算)',
    text: `${SIGN}运维提醒：工作日历只到{lastYear}年，还剩{daysLeft}天。请系统管理员尽快载入{nextYear}年国务院节假日安排通知；目前有{pendingClocks}个办件时限待该年日历确定截止日。`,
  },
  /** 审计日志完整性告警 — the audit log's hash chain is broken (等保: 审计记录的完整性), to the security admins. */
  AUDIT_CHAIN_ALERT: {
    name: '审计日志完整性告警',
    audience: 'operator',
    basis: '等保三级 审计记录保护',
    text: `${SIGN}安全告警：审计日志哈希链校验发现{breaks}处断裂，首处位于第{firstSeq}条（{kind}），请安全管理员立即核查。`,
  },
} as const satisfies Record<SmsTemplateId, SmsTemplate>;

export type { SmsTemplateId };

export const SMS_TEMPLATE_IDS = Object.keys(SMS_TEMPLATES) as SmsTemplateId[];

export function isSmsTemplateId(value: unknown): value is SmsTemplateId {
  return typeof value === 'string' && Object.hasOwn(SMS_TEMPLATES, value);
}

/** The parameter names a template needs, in order of first appearance. */
export function templateParams(id: SmsTemplateId): string[] {
  const names = [...SMS_TEMPLATES[id].text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return [...new Set(names)];
}

export class SmsTemplateError extends Error {
  constructor(
    readonly templateId: string,
    readonly missing: string[],
    problem = 'missing parameters',
  ) {
    super(`SMS template ${templateId}: ${problem} ${missing.join(', ')}`);
    this.name = 'SmsTemplateError';
  }
}

/** A date or instant written for machines (`2026-09-22`, `2026-09-22T02:00:00.000Z`), not inside a longer code. */
const MACHINE_TIME = /(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/;

/**
 * Refuses parameters a person should not read: every time in a text to a person is Beijing time in
 * Chinese (`2026年9月22日 10:00`, domain/calendar/shanghai-day.ts chineseWallTime), never ISO or UTC.
 */
export function checkSmsParams(id: SmsTemplateId, params: Readonly<Record<string, string>>): void {
  const machine = Object.entries(params)
    .filter(([, value]) => MACHINE_TIME.test(value))
    .map(([name]) => name);
  if (machine.length > 0)
    throw new SmsTemplateError(id, machine, 'machine-format time (write Beijing time in Chinese)');
}

/** The final text of a message. Throws SmsTemplateError when a parameter is missing or empty. */
export function renderSms(id: SmsTemplateId, params: Readonly<Record<string, string>>): string {
  const missing = templateParams(id).filter((name) => !params[name]);
  if (missing.length > 0) throw new SmsTemplateError(id, missing);
  return SMS_TEMPLATES[id].text.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] as string);
}
