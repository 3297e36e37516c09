/**
 * Identical creations racing: several identical POST /projects or POST /users at once pass the
 * "does it exist?" check together and meet at the unique key. One 201, the others a clear 409 with the
 * code and field the sequential path answers — never a 500 — and the audit chain intact. On
 * PostgreSQL the requests really run on separate connections.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { apiClient, type ApiClient } from '../../test/api-client.ts';
import type { System } from '../../system.ts';
import { verifyAuditChain } from '../../infra/db/audit.repo.ts';

const RACERS = 8;

describeEachDatabase(
  'concurrent identical creations',
  (get) => {
    let system: System;
    let api: ApiClient;
    beforeAll(async () => {
      system = await startTestSystem(get());
      await system.app.ready();
      api = apiClient(system.app);
    });
    afterAll(async () => {
      await system?.close();
    });

    const race = async (user: string, url: string, payload: object) => {
      await api.token(user);
      const answers = await Promise.all(Array.from({ length: RACERS }, () => api.call(user, 'POST', url, payload)));
      return answers.map((r) => ({
        status: r.statusCode,
        type: r.headers['content-type'],
        body: r.json() as { code?: string; field?: string },
      }));
    };

    it.each([
      {
        what: 'POST /projects',
        user: 'applicant',
        url: '/api/v1/projects',
        code: 'PROJECT_EXISTS',
        field: 'body.code',
        payload: {
          code: '2604-440402-04-01-777001',
          name: '并发登记项目',
          ownerName: '珠海示例建设有限公司',
          ownerUscc: '91440400MA4DEMO001',
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        },
      },
      {
        what: 'POST /users',
        user: 'sysadmin',
        url: '/api/v1/users',
        code: 'USER_EXISTS',
        field: 'username',
        payload: { username: 'racer.dev', displayName: '并发账号', roles: ['SUPERVISOR'], departmentCode: 'ZH_GGB' },
      },
    ])('$what: one 201, the rest 409 $code', async ({ user, url, payload, code, field }) => {
      // when
      const answers = await race(user, url, payload);
      // then
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused).toHaveLength(RACERS - 1);
      for (const a of refused) {
        expect(a.status, JSON.stringify(a.body)).toBe(409);
        expect(a.type).toMatch(/^application\/problem\+json/);
        expect(a.body).toMatchObject({ code, field });
      }
      expect(await verifyAuditChain(get().db)).toMatchObject({ ok: true });
    });
  },
  { poolSize: 10 },
);
