/**
 * Signs in as demo accounts and calls the API through `inject` with their tokens, for whole-system API
 * tests. Tokens are kept per user; `signOut` forgets them (after moving the clock past their life).
 */
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../api/app.fixture.ts';
import { seedDemoAccounts, type DemoAccount } from '../infra/demo/demo-accounts.ts';
import { createPiiCrypto } from '../infra/crypto/pii-crypto.ts';
import type { Database } from '../infra/db/client.ts';
import type { System } from '../system.ts';

export interface ApiClient {
  token(username: string): Promise<string>;
  call(
    username: string | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Forgets one user's token, or every token. */
  signOut(username?: string): void;
}

export function apiClient(app: FastifyInstance, password = DEMO_PASSWORD): ApiClient {
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    expect(res.statusCode, `login ${username}: ${res.body}`).toBe(200);
    const fresh = (res.json() as { accessToken: string }).accessToken;
    tokens.set(username, fresh);
    return fresh;
  };
  return {
    token,
    async call(username, method, url, payload) {
      const headers = username ? { authorization: `Bearer ${await token(username)}` } : {};
      return app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    },
    signOut(username) {
      if (username) tokens.delete(username);
      else tokens.clear();
    },
  };
}

/** 斗门区工改办 — a district supervisor, for the district-scope checks (not among the demo accounts). */
export const DOUMEN_SUPERVISOR: DemoAccount = {
  username: 'supervisor.dm',
  displayName: '斗门区工改办',
  roles: ['SUPERVISOR'],
  departmentCode: 'DM_GGB',
  regionCode: '440403',
};

/** Adds accounts beside the demo ones on a running test system. */
export async function seedAccounts(
  system: System,
  database: Database,
  accounts: readonly DemoAccount[],
): Promise<void> {
  await seedDemoAccounts({
    database,
    pii: createPiiCrypto(system.config.security.piiKey),
    clock: system.clock,
    password: DEMO_PASSWORD,
    accounts,
  });
}
