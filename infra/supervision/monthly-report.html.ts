/** The monthly report as one self-contained HTML page (inline SVG charts, no scripts, printable). */
import type { MonthlyReport, Ranking } from '../../domain/supervision/monthly-report.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function bars(rows: Ranking[], title: string): string {
  const h = 28 * rows.length + 30;
  const items = rows.map((r, i) => {
    const w = Math.max(0, Math.round(((r.score ?? 0) / 100) * 360));
    return `<text x="0" y="${i * 28 + 40}" font-size="12">${esc(r.key)}</text><rect x="120" y="${i * 28 + 27}" width="${w}" height="18" fill="${(r.score ?? 0) >= 80 ? '#2e7d32' : (r.score ?? 0) >= 60 ? '#f9a825' : '#c62828'}"/><text x="${126 + w}" y="${i * 28 + 40}" font-size="12">${r.score ?? '—'}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${h}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-size="13" font-weight="bold">${esc(title)}</text>${items}</svg>`;
}

function table(rows: Ranking[], label: string): string {
  return `<table><thead><tr><th>排名</th><th>${label}</th><th>受理</th><th>办结</th><th>按时办结率</th><th>异常率</th><th>补正率</th><th>综合得分</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${r.rank}</td><td>${esc(r.key)}</td><td>${r.accepted}</td><td>${r.decided}</td><td>${pct(r.onTimeRate)}</td><td>${pct(r.flaggedRate)}</td><td>${pct(r.supplementRate)}</td><td>${r.score ?? '—'}</td></tr>`).join('')}</tbody></table>`;
}

export function renderMonthlyReportHtml(r: MonthlyReport, scope: string): string {
  const list = (rows: MonthlyReport['overdue']) => (rows.length ? `<table><thead><tr><th>办件编号</th><th>事项</th><th>部门</th><th>区划</th><th>已用工作日</th></tr></thead><tbody>${rows.map((c) => `<tr><td>${esc(c.caseNumber ?? c.caseId)}</td><td>${esc(c.itemCode)}</td><td>${esc(c.department)}</td><td>${esc(c.regionCode)}</td><td>${c.elapsedDays ?? '—'}</td></tr>`).join('')}</tbody></table>` : '<p>无</p>');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工程建设项目审批月通报 ${esc(r.month)}</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #bbb;padding:4px 8px;font-size:13px}th{background:#eef}h1{font-size:20px}h2{font-size:16px;margin-top:24px}.kpi{display:inline-block;margin-right:24px;font-size:14px}</style></head><body>
<h1>珠海市工程建设项目审批管理系统 · 月通报 ${esc(r.month)}</h1><p>范围:${esc(scope)} · 统计区间(北京时间)${esc(r.from)} — ${esc(r.to)}</p>
<h2>一、办件量与时效</h2><p><span class="kpi">受理 ${r.volumes.accepted}</span><span class="kpi">办结 ${r.volumes.decided}</span><span class="kpi">月末在办 ${r.volumes.openAtMonthEnd}</span><span class="kpi">按时办结率 ${pct(r.timeliness.onTimeRate)}</span><span class="kpi">补正率 ${pct(r.supplements.rate)}</span><span class="kpi">特别程序 ${r.specialProcedures.cases} 件</span><span class="kpi">异常 ${r.anomalies.flags} 条 / ${r.anomalies.cases} 件</span></p>
<p>办结结果:${Object.entries(r.volumes.byDecision).map(([k, v]) => `${esc(k)} ${v}`).join(',') || '无'};异常分布:${Object.entries(r.anomalies.byRule).map(([k, v]) => `${esc(k)} ${v}`).join(',') || '无'}</p>
<h2>二、部门排名</h2>${bars(r.departments, '部门综合得分')}${table(r.departments, '部门')}
<h2>三、区县排名</h2>${bars(r.districts, '区县综合得分')}${table(r.districts, '区划')}
<h2>四、超期未办结</h2>${list(r.overdue)}<h2>五、长期未办结</h2>${list(r.longOutstanding)}
<p style="font-size:12px;color:#666">综合得分 = 按时办结率×50% + (1−异常率)×30% + (1−补正率)×20%;无数据的项不计入并按比例调整权重。</p></body></html>`;
}
