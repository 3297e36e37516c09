/**
 * The authorization matrix of the case and supervision routes: every role (one demo account each, plus
 * a district supervisor) × every case and supervision endpoint, allowed or denied as BRIEF §8 and api/README.md specify. The
 * expected table is written out here by hand — not derived from domain/access/policy.ts — so a change
 * of the policy or of a route's check shows up as a failing cell.
 *
 * "Allowed" means the request got past authorization: 2xx, or a refusal about the case's state (409)
 * or the content (422). "Denied" is 403, or 404 where the caller may not even learn the resource exists.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../../infra/clock.ts';
import { apiClient, DOUMEN_SUPERVISOR, seedAccounts, type ApiClient } from '../../test/api-client.ts';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');
const OWNER_USCC = '91440400MA4DEMO001';
const USERS = [
  'applicant',
  'window',
  'reviewer.zjj',
  'reviewer.zrzyj',
  'reviewer.xz',
  'head.zjj',
  'admin.zjj',
  'supervisor',
  'supervisor.dm',
  'sysadmin',
  'secadmin',
  'auditor',
  'developer',
] as const;
type User = (typeof USERS)[number];

interface Cell {
  method: 'GET' | 'POST';
  url: () => string;
  body?: () => unknown;
  allowed: readonly User[];
}

describeEachDatabase('authorization matrix of the case API', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  let projectCode = '';
  let applicationId = '';
  let zjjCase = '';
  let cgjCase = '';
  let intakeTask = '';
  let serial = 0;

  const call = (username: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.call(username, method, url, payload);

  beforeAll(async () => {
    system = await startTestSystem(get());
    await seedAccounts(system, get(), [DOUMEN_SUPERVISOR]);
    await system.app.ready();
    api = apiClient(system.app);
    projectCode = '2604-440402-04-01-700001';
    expect(
      (
        await call('applicant', 'POST', '/api/v1/projects', {
          code: projectCode,
          name: '矩阵测试项目',
          ownerName: '珠海示例建设有限公司',
          ownerUscc: OWNER_USCC,
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        })
      ).statusCode,
    ).toBe(201);
    const created = (
      await call('applicant', 'POST', '/api/v1/applications', {
        projectCode,
        stage: 3,
        items: ['ZH-S3-02', 'ZH-S3-04'],
        channel: 'online',
        materials: ['M090', 'M091', 'M110'].map((materialId) => ({ materialId, source: 'upload', contentBase64: PDF })),
      })
    ).json() as { applicationId: string; caseIds: string[] };
    applicationId = created.applicationId;
    [zjjCase, cgjCase] = created.caseIds as [string, string];
    intakeTask = await waitFor(
      async () =>
        (await system.engine.engine.listUserTasks({ elementId: 'Task_InitialCheck' })).find(
          (t) => t.variables.applicationId === applicationId,
        )?.key,
      { what: 'the intake task' },
    );
  });
  afterAll(async () => {
    await system?.close();
  });

  const STAFF_READ: readonly User[] = ['window', 'reviewer.zjj', 'head.zjj', 'supervisor'];
  /** The month before the system's clock: ended, so it may be archived. */
  const lastMonth = () => {
    const d = new Date(system.clock.now().getTime() + 8 * 3_600_000);
    d.setUTCDate(0);
    return d.toISOString().slice(0, 7);
  };
  const CELLS: Record<string, Cell> = {
    'GET project (one blueprint)': {
      method: 'GET',
      url: () => `/api/v1/projects/${projectCode}`,
      allowed: ['applicant', 'window', 'reviewer.zjj', 'reviewer.zrzyj', 'reviewer.xz', 'head.zjj', 'supervisor'],
    },
    'GET application': {
      method: 'GET',
      url: () => `/api/v1/applications/${applicationId}`,
      allowed: ['applicant', ...STAFF_READ],
    },
    "GET own department's case": {
      method: 'GET',
      url: () => `/api/v1/cases/${zjjCase}`,
      allowed: ['applicant', ...STAFF_READ],
    },
    "GET co-stage department's case (opinions only)": {
      method: 'GET',
      url: () => `/api/v1/cases/${cgjCase}`,
      allowed: ['applicant', ...STAFF_READ],
    },
    'POST project for the own organisation': {
      method: 'POST',
      url: () => '/api/v1/projects',
      allowed: ['applicant'],
      body: () => ({
        code: `2604-440402-04-01-${String(710000 + ++serial)}`,
        name: '矩阵测试项目',
        ownerName: '珠海示例建设有限公司',
        ownerUscc: OWNER_USCC,
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
      }),
    },
    'POST online application': {
      method: 'POST',
      url: () => '/api/v1/applications',
      allowed: ['applicant'],
      body: () => ({ projectCode, stage: 3, items: ['ZH-S3-04'], channel: 'online', materials: [] }),
    },
    'POST window application (代为填报)': {
      method: 'POST',
      url: () => '/api/v1/applications',
      allowed: ['window'],
      body: () => ({ projectCode, stage: 3, items: ['ZH-S3-04'], channel: 'window', materials: [] }),
    },
    'POST claim the intake task': {
      method: 'POST',
      url: () => `/api/v1/tasks/${intakeTask}/claim`,
      allowed: ['window'],
    },
    'POST initial check': {
      method: 'POST',
      url: () => `/api/v1/applications/${applicationId}/initial-check`,
      body: () => ({ materialChecks: [{ materialId: 'M090', ok: false }] }),
      allowed: ['window'],
    },
    'POST special procedure': {
      method: 'POST',
      url: () => `/api/v1/cases/${zjjCase}/special-procedures`,
      body: () => ({ type: 'EXPERT_REVIEW', reason: '矩阵' }),
      allowed: ['reviewer.zjj', 'head.zjj'],
    },
    'POST supplement request': {
      method: 'POST',
      url: () => `/api/v1/cases/${zjjCase}/supplement-requests`,
      body: () => ({ missingMaterials: ['图纸'] }),
      allowed: ['reviewer.zjj', 'head.zjj'],
    },
    'POST extension (lead department)': {
      method: 'POST',
      url: () => `/api/v1/cases/${cgjCase}/extensions`,
      body: () => ({ days: 2, reason: '矩阵' }),
      allowed: ['reviewer.zjj', 'head.zjj'],
    },
    'POST delivery': {
      method: 'POST',
      url: () => `/api/v1/cases/${zjjCase}/delivery`,
      body: () => ({ method: 'pickup', recipient: '张三' }),
      allowed: ['window'],
    },
    'GET processes': {
      method: 'GET',
      url: () => '/api/v1/processes',
      allowed: [
        'window',
        'reviewer.zjj',
        'reviewer.zrzyj',
        'reviewer.xz',
        'head.zjj',
        'supervisor',
        'supervisor.dm',
        'developer',
      ],
    },
    'POST deployment': {
      method: 'POST',
      url: () => '/api/v1/deployments',
      body: () => ({ resources: [{ name: 'bad.bpmn', xml: '<definitions/>' }] }),
      allowed: ['developer'],
    },
    'POST demo clock advance': {
      method: 'POST',
      url: () => '/api/v1/dev/clock/advance',
      body: () => ({ hours: 1 }),
      allowed: ['developer'],
    },
    // 电子监察 (policy: supervision.read, anomaly.read, supervision.act, supervision.configure, report.archive, sync.read)
    'GET time limits': {
      method: 'GET',
      url: () => '/api/v1/supervision/time-limits',
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'GET anomalies (own department / region)': {
      method: 'GET',
      url: () => '/api/v1/supervision/anomalies',
      allowed: ['reviewer.zjj', 'reviewer.zrzyj', 'reviewer.xz', 'head.zjj', 'supervisor', 'supervisor.dm'],
    },
    'POST override code (香洲 case)': {
      method: 'POST',
      url: () => `/api/v1/supervision/cases/${zjjCase}/override-codes`,
      body: () => ({ reason: '矩阵核准测试' }),
      allowed: ['supervisor'],
    },
    'GET supervision rules': {
      method: 'GET',
      url: () => '/api/v1/supervision/rules',
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'GET rule parameter changes': {
      method: 'GET',
      url: () => '/api/v1/supervision/rules/changes',
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'POST rule parameters': {
      method: 'POST',
      url: () => '/api/v1/supervision/rules/A2/parameters',
      body: () => ({ params: { max_open_nd: 120 }, reason: '矩阵' }),
      allowed: ['supervisor'],
    },
    'GET monthly report': {
      method: 'GET',
      url: () => `/api/v1/reports/monthly/${lastMonth()}`,
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'GET monthly report versions': {
      method: 'GET',
      url: () => `/api/v1/reports/monthly/${lastMonth()}/versions`,
      allowed: ['supervisor', 'supervisor.dm'],
    },
    "POST archive last month's report": {
      method: 'POST',
      url: () => `/api/v1/reports/monthly/${lastMonth()}/archive`,
      allowed: ['supervisor'],
    },
    'GET province sync status': {
      method: 'GET',
      url: () => '/api/v1/sync/status',
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'GET parked province records': {
      method: 'GET',
      url: () => '/api/v1/sync/parked',
      allowed: ['supervisor', 'supervisor.dm'],
    },
    'POST withdraw (last: it ends the application)': {
      method: 'POST',
      url: () => `/api/v1/applications/${applicationId}/withdraw`,
      body: () => ({ reason: '项目调整' }),
      allowed: ['applicant'],
    },
  };

  it('lists to each only the tasks in scope', async () => {
    const ids = async (user: User) =>
      ((await call(user, 'GET', '/api/v1/tasks?scope=group')).json() as { items: { id: string }[] }).items.map(
        (t) => t.id,
      );
    expect(await ids('window')).toContain(intakeTask);
    for (const user of ['applicant', 'reviewer.zjj', 'reviewer.zrzyj', 'supervisor', 'sysadmin'] as const)
      expect(await ids(user)).not.toContain(intakeTask);
  });

  for (const [name, cell] of Object.entries(CELLS)) {
    it(name, async () => {
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const user of USERS) {
        let res = await call(user, cell.method, cell.url(), cell.body?.());
        // the demo clock cell moves time past the tokens' life: sign in again
        if (res.statusCode === 401) {
          api.signOut(user);
          res = await call(user, cell.method, cell.url(), cell.body?.());
        }
        expect(res.statusCode, `${name} as ${user}: ${res.body}`).not.toBe(401);
        const denied = res.statusCode === 403 || res.statusCode === 404;
        // a body the schema refuses (400) says nothing about authorization: every cell's body is valid
        expect(res.statusCode, `${name} as ${user}: ${res.body}`).not.toBe(400);
        if (denied) expect(res.headers['content-type']).toContain('application/problem+json');
        outcomes[user] = denied ? 'denied' : `allowed`;
        expected[user] = cell.allowed.includes(user) ? 'allowed' : 'denied';
        if (name === 'POST claim the intake task' && !denied)
          await call(user, 'POST', `/api/v1/tasks/${intakeTask}/unclaim`);
      }
      expect(outcomes).toEqual(expected);
    });
  }
});
