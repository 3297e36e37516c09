/**
 * `npm run demo` — takes one sample project through all four stages against the running system
 * (`npm start` on embedded defaults, demo time), over HTTP only, as the people who do it would:
 * the applicant applies online, the window checks the materials (stage 1 misses one: the one-time
 * notice, then the supplement), departments review in parallel, a special procedure (expert review)
 * pauses the clock in stage 3, a slow department lets a case go yellow and red (time moved forward
 * through the demo-only endpoint), the lead holds the joint review, heads decide, results and
 * e-certificates are issued and delivered. Prints each case's timeline and the text messages sent.
 * The steps live in tools/demo/: the HTTP client, the plan, one stage, the closing report.
 *
 * DEMO_URL (default http://127.0.0.1:$PORT or 3000), DEMO_PASSWORD (default Zhuhai@2026).
 */
import { api, BASE, type Json } from './demo/client.ts';
import { say } from './demo/output.ts';
import { PLAN } from './demo/plan.ts';
import { runStage } from './demo/stage.ts';
import { printBlueprint, printMessages, printSupervision, printTimelines } from './demo/summary.ts';

const OWNER_USCC = '91440400MA4DEMO001';

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

  await printTimelines(allCases);
  await printMessages(smsBefore);
  await printBlueprint(projectCode);
  await printSupervision();
  say('演示完成。');
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
