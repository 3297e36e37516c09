/**
 * SPGL_* 数据共享交换表 — the tables of the MOHURD exchange standard (BRIEF §5) that we push to the
 * provincial 工改 system, with the minimal fields each record must carry. Field names are as seen in
 * public vendor code [Observed]; the lists are our minimum [Proposed] — the province's own validation
 * is stricter and must be confirmed. Control fields (DFSJZJ, SJYXBS, SJWXYY, …) apply to every table.
 */

export const SPGL_TABLES = {
  /** 地方项目审批流程信息 */
  SPGL_DFXMSPLCXXB: { required: ['SPLCBM', 'SPLCBBH'] },
  /** 地方项目审批流程阶段信息 */
  SPGL_DFXMSPLCJDXXB: { required: ['SPLCBM', 'SPLCBBH', 'SPJDBM', 'SPJDMC', 'SPJDXH'] },
  /** 地方项目审批流程阶段事项信息 */
  SPGL_DFXMSPLCJDSXXXB: { required: ['SPLCBM', 'SPLCBBH', 'SPJDBM', 'SPSXBM', 'SPSXBBH'] },
  /** 项目基本信息 */
  SPGL_XMJBXXB: { required: ['XMDM', 'XMMC', 'GCDM'] },
  /** 项目单位信息 */
  SPGL_XMDWXXB: { required: ['GCDM', 'DWMC', 'DWTYSHXYDM'] },
  /** 项目审批事项办理信息 (one approval case, 办件) */
  SPGL_XMSPSXBLXXB: { required: ['GCDM', 'SPSXSLBM', 'SPSXBM'] },
  /** 项目审批事项办理详细信息 (process steps) */
  SPGL_XMSPSXBLXXXXB: { required: ['SPSXSLBM', 'BLZT', 'BLSJ', 'BLR'] },
  /** 项目审批事项办理特别程序信息 */
  SPGL_XMSPSXBLTBCXXXB: { required: ['SPSXSLBM', 'TBCX', 'TBCXMC', 'TBCXKSSJ', 'TBCXSXLX', 'TBCXSX'] },
  /** 项目审批事项批复文件信息 */
  SPGL_XMSPSXPFWJXXB: { required: ['SPSXSLBM', 'PFRQ', 'PFWH', 'PFWJBT'] },
  /** 其他附件 — fields not known yet */
  SPGL_XMQTFJXXB: { required: [] },
  /** 前期意见 — fields not known yet */
  SPGL_XMQQYJXXB: { required: [] },
  /** 用地红线 — fields not known yet */
  SPGL_XMYDHXJZXXB: { required: [] },
  /** 规划控制线 — fields not known yet */
  SPGL_DFGHKZXXXB: { required: [] },
  /** 中介服务事项办理信息 — fields not known yet */
  SPGL_ZJFWSXBLXXB: { required: [] },
  /** 中介服务事项办理过程信息 — fields not known yet */
  SPGL_ZJFWSXBLGCXXB: { required: [] },
} as const satisfies Record<string, { required: readonly string[] }>;

export type SpglTable = keyof typeof SPGL_TABLES;

export function isSpglTable(value: unknown): value is SpglTable {
  return typeof value === 'string' && Object.hasOwn(SPGL_TABLES, value);
}

/** Tables whose rows belong to a case and must name a SPSXSLBM the province already has. */
export const CASE_CHILD_TABLES: readonly SpglTable[] = [
  'SPGL_XMSPSXBLXXXXB',
  'SPGL_XMSPSXBLTBCXXXB',
  'SPGL_XMSPSXPFWJXXB',
];

/** BLZT 办理状态 — 1 已接件 … 15 撤销 (BRIEF §5, observed; verify against the standard). */
export const BLZT_CODES = {
  1: '已接件',
  2: '已撤件',
  3: '已受理',
  4: '不受理',
  5: '不予受理',
  6: '补正(开始)',
  7: '补正(结束)',
  8: '部门开始办理',
  9: '特别程序(开始)',
  10: '特别程序(结束)',
  11: '办结(通过)',
  12: '办结(容缺通过)',
  13: '办结(不通过)',
  14: '撤回',
  15: '撤销',
} as const;

export type Blzt = keyof typeof BLZT_CODES;

/** Value checks for fields whose form is known; a failed check names the field and the rule. */
export const FIELD_CHECKS: Readonly<Record<string, { test: (value: unknown) => boolean; rule: string }>> = {
  XMDM: {
    test: (v) => typeof v === 'string' && /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/.test(v),
    rule: '应为统一项目代码 NNNN-NNNNNN-NN-NN-NNNNNN',
  },
  BLZT: { test: (v) => Number.isInteger(v) && Object.hasOwn(BLZT_CODES, String(v)), rule: '应为 1–15 的办理状态代码' },
  BLSJ: {
    test: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v),
    rule: '应为 YYYY-MM-DD HH:mm:ss',
  },
  SJYXBS: { test: (v) => v === 0 || v === 1, rule: '应为 0 或 1' },
};
