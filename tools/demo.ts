/**
 * `npm run demo` — takes one sample project through all four stages against the running system
 * (`npm start` on embedded defaults, demo time), over HTTP only, as the people who do it would:
 * the applicant applies online, the window checks the materials (stage 1 misses one: the one-time
 * notice, then the supplement), departments review in parallel, a special procedure (expert review)
 * pauses the clock in stage 3, a slow department lets a case go yellow and red (time moved forward
 * through the demo-only endpoint), the lead holds the joint review, heads decide, results and
 * e-certificates are issued and delivered. Prints each case's timeline and the text messages sent.
 *
 * DEMO_URL (default http://127.0.0.1:$PORT or 3000), DEMO_PASSWORD (default Zhuhai@2026).
 */
const BASE = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Zhuhai@2026';
const OWNER_USCC = '91440400MA4DEMO001';
const PDF = Buffer.from('%PDF-1.7\n% demo material\n%%EOF\n').toString('base64');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tokens = new Map<string, string>();
async function login(username: string): Promise<string> {
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const token = ((await res.json()) as Json).accessToken as string;
  tokens.set(username, token);
  return token;
}

async function api(
  username: string | null,
  method: string,
  path: string,
  body?: unknown,
  retried = false,
): Promise<Json> {
  const token = username ? (tokens.get(username) ?? (await login(username))) : null;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && username && !retried) {
    tokens.delete(username);
    return api(username, method, path, body, true);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${username ?? 'anonymous'} ${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** yyyy-mm-dd hh:mm in Asia/Shanghai (UTC+8, no daylight saving). */
const chinaTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const say = (line: string) => console.log(line);
const step = (line: string) => console.log(`  · ${line}`);

async function advance(hours: number): Promise<string> {
  const { now } = await api('developer', 'POST', '/api/v1/dev/clock/advance', { hours });
  // let the minute sweep and the workers catch up with the jump
  await new Promise((r) => setTimeout(r, 1500));
  return now as string;
}

async function task(
  username: string,
  elementId: string,
  match: { caseId?: string; applicationId?: string },
): Promise<Json> {
  return until(`${elementId} for ${username}`, async () => {
    const { items } = await api(username, 'GET', '/api/v1/tasks?scope=group&limit=200');
    return (items as Json[]).find(
      (t) =>
        t.elementId === elementId &&
        (!match.caseId || t.caseId === match.caseId) &&
        (!match.applicationId || t.applicationId === match.applicationId),
    );
  });
}

async function materialsOf(items: string[], omit: string[] = []): Promise<Json[]> {
  const ids = new Set<string>();
  for (const code of items)
    for (const m of (await api(null, 'GET', `/api/v1/catalog/items/${code}`)).materials as Json[]) ids.add(m.id);
  return [...ids]
    .filter((id) => !omit.includes(id))
    .map((materialId) => ({ materialId, source: 'upload', fileName: `${materialId}.pdf`, contentBase64: PDF }));
}

interface StagePlan {
  stage: number;
  items: { code: string; reviewer: string; head: string }[];
  lead: string;
  omit?: string[];
  special?: { item: string; type: string };
  slow?: string;
}

const PLAN: StagePlan[] = [
  {
    stage: 1,
    lead: 'reviewer.zrzyj',
    items: [{ code: 'ZH-S1-03', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' }],
    omit: ['__LAST__'],
  },
  { stage: 2, lead: 'reviewer.zrzyj', items: [{ code: 'ZH-S2-01', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' }] },
  {
    stage: 3,
    lead: 'reviewer.zjj',
    items: [
      { code: 'ZH-S3-03', reviewer: 'reviewer.zjj', head: 'head.zjj' },
      { code: 'ZH-S3-02', reviewer: 'reviewer.zjj', head: 'head.zjj' },
    ],
    slow: 'ZH-S3-03',
  },
  {
    stage: 4,
    lead: 'reviewer.zjj',
    items: [
      { code: 'ZH-S4-01', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' },
      { code: 'ZH-S4-02', reviewer: 'reviewer.zjj', head: 'head.zjj' },
    ],
    special: { item: 'ZH-S4-01', type: 'SITE_INSPECTION' },
  },
];

async function runStage(projectCode: string, plan: StagePlan): Promise<string[]> {
  const stages = (await api(null, 'GET', '/api/v1/catalog/stages')).stages as Json[];
  say(`\n■ 第${plan.stage}阶段 ${stages.find((s) => s.no === plan.stage)?.nameZh ?? ''}`);
  const itemCodes = plan.items.map((i) => i.code);
  let materials = await materialsOf(itemCodes);
  const omitted = plan.omit?.includes('__LAST__') ? [materials.at(-1)!.materialId as string] : [];
  materials = materials.filter((m) => !omitted.includes(m.materialId));
  const created = await api('applicant', 'POST', '/api/v1/applications', {
    projectCode,
    stage: plan.stage,
    items: itemCodes,
    channel: 'online',
    materials,
  });
  const applicationId = created.applicationId as string;
  const caseIds = created.caseIds as string[];
  step(`网上申报 ${applicationId}: ${itemCodes.join('、')}${omitted.length ? `(缺 ${omitted.join('、')})` : ''}`);

  let check = await until('the window check', () =>
    api('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, { materialChecks: [] }),
  );
  if (check.outcome === 'SUPPLEMENT_NOTICE') {
    step(
      `综合窗口一次性告知补正: ${(check.missing as Json[]).map((m) => `${m.materialId} ${m.nameZh ?? ''}`).join('、')}(不计时)`,
    );
    await advance(24);
    await api('applicant', 'POST', `/api/v1/applications/${applicationId}/supplements`, {
      materials: omitted.map((materialId) => ({
        materialId,
        source: 'upload',
        fileName: `${materialId}.pdf`,
        contentBase64: PDF,
      })),
    });
    step('申请人补齐材料');
    check = await until('the window check after the supplement', () =>
      api('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, { materialChecks: [] }),
    );
  }
  step(`正式收件回执,开始计时: ${(check.caseNumbers as string[]).join('、')}`);

  for (const [i, item] of plan.items.entries()) {
    const caseId = caseIds[i]!;
    if (plan.special?.item === item.code) {
      await task(item.reviewer, 'Task_Review', { caseId });
      await api(item.reviewer, 'POST', `/api/v1/cases/${caseId}/special-procedures`, {
        type: plan.special.type,
        reason: '需现场踏勘核实',
      });
      const sp = await until(
        'the special procedure',
        async () => ((await api(item.reviewer, 'GET', `/api/v1/cases/${caseId}`)).specialProcedures as Json[])[0],
      );
      step(`${item.code} 启动特别程序 ${sp.type}(时限 ${sp.limitDays} 个工作日,行政时钟暂停)`);
      await advance(2 * 24);
      await until('finish the special procedure', () =>
        api(item.reviewer, 'POST', `/api/v1/special-procedures/${sp.id}/finish`, {
          result: 'PASS',
          note: '现场核实通过',
        }),
      );
      step(`${item.code} 特别程序结束(通过),行政时钟恢复`);
    }
    if (plan.slow === item.code) {
      await task(item.reviewer, 'Task_Review', { caseId });
      step(`${item.code} 部门迟迟未办理 —— 时间前移,逐日推进`);
      for (let day = 0; day < 6; day++) {
        await advance(24);
        const c = await api('supervisor', 'GET', `/api/v1/cases/${caseId}`);
        const admin = (c.clocks as Json[]).find((k) => k.kind === 'ADMIN');
        step(
          `  ${chinaTime(String((await fetch(`${BASE}/health`).then((r) => r.json() as Promise<Json>)).time))} 剩余 ${admin?.remainingDays} 个工作日 · 灯 ${admin?.light}`,
        );
        if (admin?.light === 'RED') break;
      }
    }
    const review = await task(item.reviewer, 'Task_Review', { caseId });
    await api(item.reviewer, 'POST', `/api/v1/tasks/${review.id}/claim`);
    await api(item.reviewer, 'POST', `/api/v1/tasks/${review.id}/complete`, {
      action: 'OPINION',
      opinion: `${item.code} 审查通过`,
    });
    step(`${item.code} ${item.reviewer} 出具审查意见`);
  }
  const joint = await task(plan.lead, 'Task_JointReview', { applicationId });
  await api(plan.lead, 'POST', `/api/v1/tasks/${joint.id}/complete`, { conclusion: '联合会审通过' });
  step(`牵头单位 ${plan.lead} 组织会审`);
  await advance(1);
  for (const [i, item] of plan.items.entries()) {
    const decide = await task(item.head, 'Task_Decide', { caseId: caseIds[i]! });
    await api(item.head, 'POST', `/api/v1/tasks/${decide.id}/complete`, { decision: 'APPROVED' });
    step(`${item.code} ${item.head} 作出准予许可决定`);
  }
  for (const caseId of caseIds) {
    const c = await until(`result of ${caseId}`, async () => {
      const v = await api('applicant', 'GET', `/api/v1/cases/${caseId}`);
      return v.state === 'RESULT_ISSUED' ? v : undefined;
    });
    const r = (c.results as Json[])[0];
    step(
      `${c.itemCode} 出件: ${r?.title ?? ''} ${r?.certificateId ? `电子证照 ${r.certificateId}` : (r?.docNumber ?? '')}`,
    );
    await api('window', 'POST', `/api/v1/cases/${caseId}/delivery`, { method: 'pickup', recipient: '张经办' });
  }
  return caseIds;
}

async function main(): Promise<void> {
  const health = await fetch(`${BASE}/health`)
    .then((r) => r.json() as Promise<Json>)
    .catch(() => null);
  if (!health) throw new Error(`no system at ${BASE}: start it first with \`npm start\``);
  say(
    `珠海市工程建设项目审批管理系统 演示 — ${BASE} (${health.engine?.kind} engine, ${health.database?.kind}), system time ${health.time}`,
  );
  const serial = String(Date.now() % 1_000_000).padStart(6, '0');
  const year = new Date(health.time as string).getUTCFullYear() % 100;
  const projectCode = `${String(year).padStart(2, '0')}${String(new Date(health.time as string).getUTCMonth() + 1).padStart(2, '0')}-440402-04-01-${serial}`;
  const reg = await api('applicant', 'POST', '/api/v1/projects', {
    code: projectCode,
    name: '珠海示例住宅项目(演示)',
    ownerName: '珠海示例建设有限公司',
    ownerUscc: OWNER_USCC,
    regionCode: '440402',
    flowType: 'SOCIAL_INVEST',
    contactPhone: '13800138000',
  });
  say(
    `项目 ${projectCode} 已登记${(reg.warnings as string[]).length ? `(${(reg.warnings as string[]).join(';')})` : ''}`,
  );
  const smsBefore = ((await api('developer', 'GET', '/api/v1/dev/sms')).items as Json[]).length;

  const allCases: string[] = [];
  for (const plan of PLAN) allCases.push(...(await runStage(projectCode, plan)));

  say('\n■ 办件时间线');
  for (const caseId of allCases) {
    const c = await api('supervisor', 'GET', `/api/v1/cases/${caseId}`);
    say(`  ${c.caseNumber} ${c.itemCode} ${c.itemName} — ${c.state}`);
    for (const e of c.timeline as Json[])
      say(`      ${chinaTime(e.businessTime as string)}  ${e.type.padEnd(28)} ${e.blzt ?? ''}`);
  }
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
  const blueprint = await api('applicant', 'GET', `/api/v1/projects/${projectCode}`);
  say(`\n■ 一张蓝图: ${(blueprint.stages as Json[]).map((s) => `第${s.stage}阶段 ${s.state}`).join(' → ')}`);

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
  say('演示完成。');
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
