/**
 * 程序监察 (办法 §19): a case compared with its item's catalogue entry. P1 a step by a department the
 * item does not name; P2 a special procedure the item does not allow; P3 a limit beyond the catalogue
 * (a special procedure's, or the admin clock's); P4 a required material still missing when the case was
 * accepted. Same shape as the anomaly rules.
 */
import type { AnomalyRule, FlagDraft } from './anomaly-rule.ts';

/** Steps only a department does (window, applicant and system events are not checked). */
const DEPARTMENT_STEPS = new Set([
  'REVIEW_STARTED',
  'OPINION_RECORDED',
  'DECIDED',
  'SUPPLEMENT_REQUESTED',
  'SPECIAL_PROCEDURE_STARTED',
  'SPECIAL_PROCEDURE_FINISHED',
  'EXTENDED',
  'RESULT_ISSUED',
]);
const DEPARTMENT_ROLES = new Set(['REVIEWER', 'DEPT_HEAD', 'LEAD']);

export const P1: AnomalyRule = {
  code: 'P1',
  version: 1,
  nameZh: '非事项实施部门办理',
  basis: ['§19'],
  defaults: {},
  evaluate(facts) {
    return facts.events
      .filter(
        (e) =>
          DEPARTMENT_STEPS.has(e.type) &&
          DEPARTMENT_ROLES.has(e.actor.role) &&
          e.actor.departmentCode !== null &&
          !facts.item.departments.includes(e.actor.departmentCode),
      )
      .map((e): FlagDraft => ({
        key: `event:${e.seq}`,
        severity: 'HIGH',
        evidenceSeqs: [e.seq],
        message: `${e.type} 由 ${e.actor.departmentCode} 办理,事项实施部门为 ${facts.item.departments.join('、')}`,
      }));
  },
};

export const P2: AnomalyRule = {
  code: 'P2',
  version: 1,
  nameZh: '事项不允许的特别程序',
  basis: ['§12', '§19'],
  defaults: {},
  evaluate(facts) {
    return facts.events
      .filter(
        (e) =>
          e.type === 'SPECIAL_PROCEDURE_STARTED' &&
          typeof e.payload.type === 'string' &&
          !facts.item.specialProcedures.some((s) => s.type === e.payload.type),
      )
      .map((e): FlagDraft => ({
        key: `event:${e.seq}`,
        severity: 'HIGH',
        evidenceSeqs: [e.seq],
        message: `事项 ${facts.item.itemCode} 不允许特别程序 ${String(e.payload.type)}`,
      }));
  },
};

export const P3: AnomalyRule = {
  code: 'P3',
  version: 1,
  nameZh: '时限超出目录',
  basis: ['§19'],
  defaults: {},
  evaluate(facts) {
    const flags: FlagDraft[] = [];
    for (const e of facts.events) {
      if (e.type !== 'SPECIAL_PROCEDURE_STARTED' || typeof e.payload.limit !== 'number') continue;
      const allowed = facts.item.specialProcedures.find((s) => s.type === e.payload.type);
      if (
        allowed &&
        (e.payload.limit > allowed.limit || (e.payload.unit !== undefined && e.payload.unit !== allowed.unit))
      ) {
        flags.push({
          key: `event:${e.seq}`,
          severity: 'MEDIUM',
          evidenceSeqs: [e.seq],
          message: `特别程序时限 ${e.payload.limit}${String(e.payload.unit ?? '')} 超出目录 ${allowed.limit}${allowed.unit}`,
        });
      }
    }
    const accepted = facts.events.find((e) => e.type === 'ACCEPTED' || e.type === 'RECEIPT');
    if (facts.admin && !facts.item.immediate && facts.admin.limitDays > facts.item.promisedDays) {
      flags.push({
        key: 'admin',
        severity: 'MEDIUM',
        evidenceSeqs: accepted ? [accepted.seq] : [],
        message: `办件时限 ${facts.admin.limitDays} 个工作日超出承诺时限 ${facts.item.promisedDays}`,
      });
    }
    return flags;
  },
};

/**
 * P4: the formal receipt was issued although the application's last 初步核对 before it still listed a
 * required material of this item as missing or defective (no later check found it complete) — 受理
 * without the materials the catalogue requires (办法 §9–§11, §19).
 */
export const P4: AnomalyRule = {
  code: 'P4',
  version: 1,
  nameZh: '受理时缺少必要材料',
  basis: ['§9', '§11', '§19'],
  defaults: {},
  evaluate(facts) {
    const appEvents = facts.applicationEvents ?? [];
    const receipt = appEvents.find((e) => e.type === 'RECEIPT');
    if (!receipt) return [];
    const check = [...appEvents].reverse().find((e) => e.type === 'PRECHECKED' && e.seq < receipt.seq);
    const missing = (Array.isArray(check?.payload.missing) ? check.payload.missing : []) as {
      materialId?: unknown;
      itemCode?: unknown;
      nameZh?: unknown;
    }[];
    const mine = missing.filter((m) => m.itemCode === undefined || m.itemCode === facts.item.itemCode);
    if (!check || mine.length === 0) return [];
    const accepted = facts.events.find((e) => e.type === 'ACCEPTED');
    const names = mine.map((m) => String(m.nameZh ?? m.materialId ?? '?')).join('、');
    return [
      {
        key: 'intake',
        severity: 'HIGH',
        evidenceSeqs: accepted ? [accepted.seq] : [],
        message: `受理时材料不全:申请第 ${check.seq} 条初步核对缺 ${names},第 ${receipt.seq} 条仍出具正式收件回执`,
      },
    ];
  },
};

export const PROCEDURE_RULES: readonly AnomalyRule[] = [P1, P2, P3, P4];
