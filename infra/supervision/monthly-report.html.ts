/**
 * The monthly report as one self-contained HTML page: inline SVG charts, no scripts, no outside
 * resources, laid out for A4 so the same page prints as the PDF.
 */
import type { MonthlyReport } from '../../domain/supervision/monthly-report.ts';
import { SCORE_WEIGHTS, type Ranking } from '../../domain/supervision/monthly-report-rankings.ts';
import { escapeHtml } from '../render/html.ts';
import type { FoundReport } from '../../domain/supervision/report-snapshot.ts';
import { wallTime } from '../../domain/calendar/shanghai-day.ts';
import { SUPERVISION_RULES } from '../../domain/supervision/supervision-rules.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { CITY_REGION, REGIONS } from '../../domain/access/roles.ts';

const DEPARTMENT_ZH: Record<string, string> = Object.fromEntries(
  ZHUHAI_CATALOG.departments.map((d) => [d.code, d.nameZh]),
);
const deptName = (code: string) => DEPARTMENT_ZH[code]?.replace(/^珠海市/, '') ?? code;
const regionName = (code: string) => REGIONS[code] ?? code;

/** 「珠海市(全市)」 or the district's name. */
export function scopeLabel(regionCode: string): string {
  return regionCode === CITY_REGION ? `${REGIONS[CITY_REGION]}(全市)` : `${regionName(regionCode)}(${regionCode})`;
}

const esc = escapeHtml;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const colour = (score: number | null) => ((score ?? 0) >= 80 ? '#2e7d32' : (score ?? 0) >= 60 ? '#f9a825' : '#c62828');
const shanghai = (iso: string) => wallTime(new Date(iso));

const DECISION_COLOUR: Record<string, string> = {
  APPROVED: '#2e7d32',
  APPROVED_WITH_CONDITIONS: '#f9a825',
  REJECTED: '#c62828',
};
const DECISION_ZH: Record<string, string> = {
  APPROVED: '准予许可',
  APPROVED_WITH_CONDITIONS: '附条件准予',
  REJECTED: '不予许可',
  UNKNOWN: '未知',
};
const RULE_ZH: Record<string, string> = Object.fromEntries(SUPERVISION_RULES.map((rule) => [rule.code, rule.nameZh]));

/** Horizontal bars of the composite score, one per ranked unit. */
function scoreBars(rows: readonly Ranking[], title: string, label: (key: string) => string): string {
  if (rows.length === 0) return '';
  const h = 24 * rows.length + 30;
  const items = rows
    .map((r, i) => {
      const w = Math.max(0, Math.round(((r.score ?? 0) / 100) * 360));
      const y = i * 24 + 26;
      return `<text x="0" y="${y + 13}" font-size="12">${esc(label(r.key))}</text><rect x="170" y="${y}" width="${w}" height="16" rx="2" fill="${colour(r.score)}"/><text x="${176 + w}" y="${y + 13}" font-size="12">${r.score ?? '—'}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${h}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-size="13" font-weight="bold">${esc(title)}</text>${items}</svg>`;
}

/** Stacked bar of a whole split into parts (decisions, anomaly rules). */
function split(parts: [string, number, string][], title: string): string {
  const total = parts.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return `<p class="muted">${esc(title)}:无</p>`;
  let x = 0;
  const rects = parts
    .filter(([, n]) => n > 0)
    .map(([label, n, fill]) => {
      const w = (n / total) * 560;
      const r = `<rect x="${x.toFixed(1)}" y="22" width="${w.toFixed(1)}" height="22" fill="${fill}"><title>${esc(label)} ${n}</title></rect>`;
      x += w;
      return r;
    })
    .join('');
  const legend = parts
    .filter(([, n]) => n > 0)
    .map(
      ([label, n, fill], i) =>
        `<rect x="${(i % 4) * 145}" y="${56 + Math.floor(i / 4) * 18}" width="10" height="10" fill="${fill}"/><text x="${(i % 4) * 145 + 14}" y="${65 + Math.floor(i / 4) * 18}" font-size="11">${esc(label)} ${n}</text>`,
    )
    .join('');
  const rows = Math.ceil(parts.filter(([, n]) => n > 0).length / 4);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${60 + rows * 18}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-size="13" font-weight="bold">${esc(title)}</text>${rects}${legend}</svg>`;
}

const PALETTE = [
  '#1565c0',
  '#2e7d32',
  '#c62828',
  '#6a1b9a',
  '#ef6c00',
  '#00838f',
  '#5d4037',
  '#ad1457',
  '#455a64',
  '#9e9d24',
  '#283593',
  '#00695c',
  '#4e342e',
];

function table(rows: readonly Ranking[], label: string, name: (key: string) => string, ranked = true): string {
  if (rows.length === 0) return '<p class="muted">本月无办件</p>';
  return `<table><thead><tr>${ranked ? '<th>排名</th>' : ''}<th>${label}</th><th>受理</th><th>办结</th><th>按时办结率</th><th>异常率</th><th>补正率</th><th>同步及时率</th><th>电子证照率</th><th>综合得分</th></tr></thead><tbody>${rows.map((r) => `<tr>${ranked ? `<td>${r.rank}</td>` : ''}<td>${esc(name(r.key))}</td><td class="n">${r.accepted}</td><td class="n">${r.decided}</td><td class="n">${pct(r.onTimeRate)}</td><td class="n">${pct(r.flaggedRate)}</td><td class="n">${pct(r.supplementRate)}</td><td class="n">${pct(r.syncRate)}</td><td class="n">${pct(r.eCertRate)}</td><td class="n"><b style="color:${colour(r.score)}">${r.score ?? '—'}</b></td></tr>`).join('')}</tbody></table>`;
}

const FLOW_ZH: Record<string, string> = {
  GOV_HOUSING: '政府投资房屋建筑类',
  GOV_MUNICIPAL: '政府投资城市基础设施类',
  SOCIAL_INVEST: '社会投资类',
  SOCIAL_SMALL_LOWRISK: '社会投资小型低风险',
  LAND_WITH_SCHEME: '带方案出让用地',
};
const CHANNEL_ZH: Record<string, string> = { online: '网上申报', window: '窗口受理' };
const STATUS_ZH: Record<string, string> = {
  OPEN: '待处理',
  EXPLAINED: '已说明',
  CONFIRMED: '已确认',
  DISMISSED: '已排除',
};
const stageName = (no: string) =>
  `${ZHUHAI_CATALOG.stages.find((st) => String(st.no) === no)?.nameZh ?? `第${no}阶段`}`;
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);

function comparison(r: MonthlyReport): string {
  const rows = (
    [
      ['环比', r.comparison.previous],
      ['同比', r.comparison.lastYear],
    ] as const
  ).filter(([, c]) => c !== null);
  if (rows.length === 0) return '';
  return `<table><thead><tr><th>比较</th><th>月份</th><th>受理</th><th>受理增减</th><th>办结</th><th>办结增减</th><th>按时办结率</th><th>异常条数</th></tr></thead><tbody>${rows.map(([label, c]) => `<tr><td>${label}</td><td>${esc(c!.month)}</td><td class="n">${c!.accepted}</td><td class="n">${signed(c!.acceptedChange)}</td><td class="n">${c!.decided}</td><td class="n">${signed(c!.decidedChange)}</td><td class="n">${pct(c!.onTimeRate)}</td><td class="n">${c!.flags}</td></tr>`).join('')}</tbody></table>`;
}

function caseList(rows: MonthlyReport['overdue'], limit = 200): string {
  if (rows.length === 0) return '<p class="muted">无</p>';
  const shown = rows.slice(0, limit);
  return `<table><thead><tr><th>办件编号</th><th>事项</th><th>部门</th><th>区划</th><th>已用工作日</th></tr></thead><tbody>${shown.map((c) => `<tr><td>${esc(c.caseNumber ?? c.caseId)}</td><td>${esc(c.itemCode)}</td><td>${esc(deptName(c.department))}</td><td>${esc(regionName(c.regionCode))}</td><td class="n">${c.elapsedDays ?? '—'}</td></tr>`).join('')}</tbody></table>${rows.length > limit ? `<p class="muted">另有 ${rows.length - limit} 件,见 JSON 版。</p>` : ''}`;
}

const kpi = (label: string, value: string | number, tone = '') =>
  `<div class="kpi ${tone}"><div class="v">${esc(value)}</div><div class="l">${esc(label)}</div></div>`;

export function renderMonthlyReportHtml(
  r: MonthlyReport,
  scope: string,
  archive: { version: number; generatedAt: string; narrative?: string } | null = null,
): string {
  const decisions = Object.entries(r.volumes.byDecision).map(([k, n], i): [string, number, string] => [
    DECISION_ZH[k] ?? k,
    n,
    DECISION_COLOUR[k] ?? PALETTE[i % PALETTE.length]!,
  ]);
  const rules = Object.entries(r.anomalies.byRule)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([k, n], i): [string, number, string] => [`${k} ${RULE_ZH[k] ?? ''}`, n, PALETTE[i % PALETTE.length]!]);
  const s = r.sync;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工程建设项目审批月通报 ${esc(r.month)}</title>
<style>
@page{size:A4}
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:900px}
h1{font-size:21px;margin:0 0 4px}h3{font-size:14px;margin:14px 0 6px}h2{font-size:16px;margin:22px 0 8px;border-left:4px solid #1565c0;padding-left:8px;break-after:avoid}
.sub{color:#555;font-size:13px;margin:0 0 12px}.muted{color:#777;font-size:12px}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}.kpi{border:1px solid #cfd8dc;border-radius:6px;padding:8px 12px;min-width:96px;background:#f7f9fb}
.kpi .v{font-size:20px;font-weight:bold}.kpi .l{font-size:12px;color:#555}.kpi.red .v{color:#c62828}.kpi.green .v{color:#2e7d32}
table{border-collapse:collapse;margin:6px 0 16px;width:100%}td,th{border:1px solid #bbb;padding:3px 7px;font-size:12px}th{background:#e8eef6;text-align:left;white-space:nowrap}td.n{text-align:right}
tr{break-inside:avoid}svg{display:block;margin:6px 0}
.narrative{border:1px solid #f0c36d;background:#fffbeb;border-radius:6px;padding:4px 14px;font-size:13px;line-height:1.7}
.stamp{float:right;border:2px solid #c62828;color:#c62828;padding:4px 10px;font-size:12px;border-radius:4px}
</style></head><body>
${archive ? `<div class="stamp">存档第 ${archive.version} 版 · ${esc(shanghai(archive.generatedAt))}</div>` : ''}
<h1>珠海市工程建设项目审批管理系统 · 月通报 ${esc(r.month)}</h1>
<p class="sub">范围:${esc(scope)} · 统计区间(北京时间)${esc(shanghai(r.from))} 至 ${esc(shanghai(r.to))}(不含)</p>
${
  archive?.narrative
    ? `<div class="narrative">${archive.narrative
        .split(/\n\s*\n/)
        .map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
        .join('')}</div>`
    : ''
}
<h2>一、办件量</h2>
<div class="kpis">${kpi('接件', r.volumes.received)}${kpi('受理', r.volumes.accepted)}${kpi('不予受理', r.volumes.notAccepted)}${kpi('不予受理率', pct(r.volumes.notAcceptedRate))}${kpi('办结', r.volumes.decided)}${kpi('办结率', pct(r.volumes.completionRate))}${kpi('月末在办', r.volumes.openAtMonthEnd)}${kpi('网上申报占比', pct(r.volumes.onlineShare))}</div>
${split(decisions, '办结结果')}${comparison(r)}
<h2>二、时效</h2>
<div class="kpis">${kpi('按时办结率', pct(r.timeliness.onTimeRate), (r.timeliness.onTimeRate ?? 1) < 0.9 ? 'red' : 'green')}${kpi('提前办结率', pct(r.timeliness.earlyRate))}${kpi('平均用时(工作日)', r.timeliness.avgDays ?? '—')}${kpi('用时中位数(工作日)', r.timeliness.medianDays ?? '—')}${kpi('超期办结', r.timeliness.decidedOverdue, r.timeliness.decidedOverdue ? 'red' : '')}${kpi('月末超期在办', r.timeliness.overdueOpen, r.timeliness.overdueOpen ? 'red' : '')}${kpi('黄灯预警', r.timeliness.yellowWarnings)}${kpi('红灯警示', r.timeliness.redWarnings, r.timeliness.redWarnings ? 'red' : '')}</div>
${r.byStageDays.length ? `<table><thead><tr><th>审批阶段</th><th>办结</th><th>平均用时(工作日)</th><th>用时中位数(工作日)</th></tr></thead><tbody>${r.byStageDays.map((st) => `<tr><td>${esc(stageName(String(st.stage)))}</td><td class="n">${st.decided}</td><td class="n">${st.avgDays ?? '—'}</td><td class="n">${st.medianDays ?? '—'}</td></tr>`).join('')}</tbody></table>` : ''}
<h2>三、补正、特别程序与电子证照</h2>
<div class="kpis">${kpi('补正件数', r.supplements.casesWithSupplement)}${kpi('补正率', pct(r.supplements.rate))}${kpi('平均补正轮次', r.supplements.avgRounds ?? '—')}${kpi('多次补正(未一次性告知)', r.supplements.multiRound, r.supplements.multiRound ? 'red' : '')}${kpi('特别程序件数', r.specialProcedures.cases)}${kpi('特别程序超时', r.specialProcedures.overruns, r.specialProcedures.overruns ? 'red' : '')}${kpi('电子证照签发率', pct(r.eCertificates.rate))}</div>
<h3>项目全流程</h3>
<div class="kpis">${Object.entries(r.projects.stagesCompleted)
    .map(([st, n]) => kpi(`${stageName(st)} 阶段办结`, n))
    .join(
      '',
    )}${kpi('竣工验收完成项目', r.projects.completedProjects)}${kpi('全流程平均用时(工作日)', r.projects.avgFullProcessDays ?? '—')}${kpi('全流程达标率', pct(r.projects.withinTargetRate), (r.projects.withinTargetRate ?? 1) < 1 ? 'red' : 'green')}</div>
${r.projects.byFlowType.length ? `<table><thead><tr><th>流程类型</th><th>完成项目</th><th>全流程平均用时(工作日)</th><th>目标(工作日)</th><th>达标</th></tr></thead><tbody>${r.projects.byFlowType.map((f) => `<tr><td>${esc(FLOW_ZH[f.flowType] ?? f.flowType)}</td><td class="n">${f.projects}</td><td class="n">${f.avgDays ?? '—'}</td><td class="n">${f.targetDays ?? '—'}</td><td class="n">${f.withinTarget}</td></tr>`).join('')}</tbody></table>` : ''}
<h2>四、异常监察</h2>
<div class="kpis">${kpi('异常条数', r.anomalies.flags, r.anomalies.flags ? 'red' : '')}${kpi('涉及办件', r.anomalies.cases)}${Object.entries(
    r.anomalies.byStatus,
  )
    .map(([k, n]) => kpi(STATUS_ZH[k] ?? k, n))
    .join('')}</div>
${split(rules, '异常分布(按规则)')}
${
  Object.keys(r.anomalies.byDepartment).length
    ? `<table><thead><tr><th>部门</th><th>异常条数</th></tr></thead><tbody>${Object.entries(r.anomalies.byDepartment)
        .sort(([, a], [, b]) => b - a)
        .map(([k, n]) => `<tr><td>${esc(deptName(k))}</td><td class="n">${n}</td></tr>`)
        .join('')}</tbody></table>`
    : ''
}
<h3>上月(${esc(r.followUp.month)})异常整改情况</h3>
<div class="kpis">${kpi('上月异常', r.followUp.flags)}${Object.entries(r.followUp.byStatus)
    .map(([k, n]) => kpi(STATUS_ZH[k] ?? k, n, k === 'OPEN' && n ? 'red' : ''))
    .join('')}</div>
${
  r.followUp.unanswered.length
    ? `<table><thead><tr><th>异常编号</th><th>规则</th><th>办件</th><th>部门</th><th>区县</th><th>发现时间</th></tr></thead><tbody>${r.followUp.unanswered
        .slice(0, 100)
        .map(
          (f) =>
            `<tr><td>${f.flagId}</td><td>${esc(`${f.rule} ${RULE_ZH[f.rule] ?? ''}`)}</td><td>${esc(f.caseId)}</td><td>${esc(deptName(f.department))}</td><td>${esc(regionName(f.regionCode))}</td><td>${esc(shanghai(f.detectedAt))}</td></tr>`,
        )
        .join(
          '',
        )}</tbody></table>${r.followUp.unanswered.length > 100 ? `<p class="muted">另有 ${r.followUp.unanswered.length - 100} 条未答复,见 JSON 版。</p>` : ''}`
    : ''
}
<h2>五、省级数据同步</h2>
<div class="kpis">${kpi('本月记录', s.records)}${kpi('已确认', s.acknowledged)}${kpi('5 分钟内同步率', pct(s.onTimeRate), (s.onTimeRate ?? 1) < 0.99 ? 'red' : 'green')}${kpi('被退回', s.parked, s.parked ? 'red' : '')}${kpi('待发送', s.pending)}${kpi('P95 时延(秒)', s.p95LagS ?? '—')}${kpi('最大时延(秒)', s.maxLagS ?? '—')}</div>
<h2>六、部门排名</h2>${scoreBars(r.departments, '部门综合得分', deptName)}${table(r.departments, '部门', deptName)}
<h2>七、区县排名</h2>${scoreBars(r.districts, '区县综合得分', regionName)}${table(r.districts, '区县', regionName)}
<h2>八、分阶段、分流程类型、分申报来源</h2>${table(r.stages, '审批阶段', stageName, false)}${table(r.flowTypes, '流程类型', (k) => FLOW_ZH[k] ?? k, false)}${table(r.channels, '申报来源', (k) => CHANNEL_ZH[k] ?? k, false)}
<h2>九、超期未办结(${r.overdue.length} 件)</h2>${caseList(r.overdue)}
<h2>十、长期未办结(${r.longOutstanding.length} 件)</h2>${caseList(r.longOutstanding)}
<p class="muted">综合得分 = 按时办结率×${SCORE_WEIGHTS.onTime}% + (1−异常率)×${SCORE_WEIGHTS.anomalies}% + (1−补正率)×${SCORE_WEIGHTS.supplements}% + 省级同步及时率×${SCORE_WEIGHTS.sync}% + 电子证照签发率×${SCORE_WEIGHTS.eCert}%;无数据的项不计入并按比例调整权重。按时办结率、电子证照签发率按本月办结件计;异常率、补正率、同步及时率按本月受理或办结件计。</p>
</body></html>`;
}

/** A found report (current or archived) as its page, scoped and stamped. */
export function renderFoundReport(found: FoundReport): string {
  return renderMonthlyReportHtml(found.report, scopeLabel(found.report.regionCode), found.archive);
}

/** The foot of every PDF page of a month's report. */
export const reportFooter = (month: string) => `珠海市工程建设项目审批月通报 ${month}`;
