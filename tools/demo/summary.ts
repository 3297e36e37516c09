/**
 * The demo's closing report: every case's timeline, the text messages sent (a yellow and a red warning
 * are expected), the project's blueprint, and what the city's supervisor sees.
 */
import { api, BASE, type Json } from './client.ts';
import { chinaTime, say, step } from './output.ts';

export async function printTimelines(allCases: string[]): Promise<void> {
  say('\n■ 办件时间线');
  for (const caseId of allCases) {
    const c = await api('supervisor', 'GET', `/api/v1/cases/${caseId}`);
    say(`  ${c.caseNumber} ${c.itemCode} ${c.itemName} — ${c.state}`);
    for (const e of c.timeline as Json[])
      say(`      ${chinaTime(e.businessTime as string)}  ${e.type.padEnd(28)} ${e.blzt ?? ''}`);
  }
}

/** The messages sent since `smsBefore`; fails unless a yellow and a red warning went out. */
export async function printMessages(smsBefore: number): Promise<void> {
  const sms = ((await api('developer', 'GET', '/api/v1/dev/sms')).items as Json[]).slice(smsBefore);
  say(`\n■ 短信 (${sms.length} 条)`);
  const counts = new Map<string, number>();
  for (const m of sms) counts.set(m.templateId, (counts.get(m.templateId) ?? 0) + 1);
  for (const [t, n] of counts) say(`  ${t.padEnd(28)} ${n}`);
  for (const m of sms.filter((x) => /WARNING|ESCALATION/.test(x.templateId)))
    say(`  → ${m.phones.join(',')}: ${m.text}`);
  const yellow = counts.get('YELLOW_WARNING') ?? 0;
  const red = counts.get('RED_WARNING') ?? 0;
  if (!yellow || !red) throw new Error(`expected a yellow and a red warning, got yellow ${yellow}, red ${red}`);
}

export async function printBlueprint(projectCode: string): Promise<void> {
  const blueprint = await api('applicant', 'GET', `/api/v1/projects/${projectCode}`);
  say(`\n■ 一张蓝图: ${(blueprint.stages as Json[]).map((s) => `第${s.stage}阶段 ${s.state}`).join(' → ')}`);
}

export async function printSupervision(): Promise<void> {
  // 电子监察, as the city's supervisor sees it: lights, anomalies, the month's report (办法 §20–22)
  say('\n■ 电子监察(市工改办)');
  const limits = await api('supervisor', 'GET', '/api/v1/supervision/time-limits?groupBy=window');
  step(
    `在办 ${limits.counts.open} 件:绿 ${limits.counts.green} · 黄 ${limits.counts.yellow} · 红 ${limits.counts.red} · 暂停 ${limits.counts.paused}`,
  );
  const flagPage = await api('supervisor', 'GET', '/api/v1/supervision/anomalies?limit=200');
  const flags = flagPage.items as Json[];
  const byRule = new Map<string, number>();
  for (const f of flags) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  step(`异常 ${flagPage.total} 条${byRule.size ? `:${[...byRule].map(([r, n]) => `${r} ${n}`).join('、')}` : ''}`);
  const month = new Date(Date.parse((await api(null, 'GET', '/health')).time as string) + 8 * 3_600_000)
    .toISOString()
    .slice(0, 7);
  const report = await api('supervisor', 'GET', `/api/v1/reports/monthly/${month}`);
  step(
    `${month} 月通报:受理 ${report.volumes.accepted},办结 ${report.volumes.decided},按时办结率 ${report.timeliness.onTimeRate ?? '—'},红灯 ${report.timeliness.redWarnings},省级同步 5 分钟内 ${report.sync.onTimeRate ?? '—'}`,
  );
  step(`部门排名:${(report.departments as Json[]).map((d) => `${d.rank}. ${d.key} ${d.score ?? '—'}`).join(';')}`);
  step(`页面 ${BASE}/api/v1/reports/monthly/${month}?format=html (PDF: format=pdf),以 supervisor 登录`);
}
