/**
 * The soak's HTTP client: every request recorded with its latency and outcome (a network error is
 * `down`), a token per demo user, signed in again on a 401.
 */
import { performance } from 'node:perf_hooks';

export interface Sample {
  at: number;
  ms: number;
  status: number;
  kind: string;
}

export function createRecordingClient(options: { base: string; password: string; t0: number }) {
  const { base: BASE, password: PASSWORD, t0 } = options;
  const samples: Sample[] = [];
  const tokens = new Map<string, string>();

  async function login(username: string): Promise<string> {
    const res = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    const token = ((await res.json()) as { accessToken: string }).accessToken;
    tokens.set(username, token);
    return token;
  }

  /** One request: recorded with its latency and outcome; a network error is `down`. */
  async function call(
    username: string,
    method: string,
    url: string,
    body?: unknown,
    key?: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/bench JSON is read loosely
  ): Promise<{ status: number; json: any }> {
    for (let attempt = 0; ; attempt += 1) {
      const token = tokens.get(username) ?? (await login(username).catch(() => ''));
      const started = performance.now();
      let status = 0;
      let json: unknown = null;
      let kind = 'ok';
      try {
        const res = await fetch(`${BASE}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        json = await res.json().catch(() => null);
        if (status >= 500) kind = `${status} ${(json as { code?: string } | null)?.code ?? ''}`.trim();
        else if (status >= 400) kind = `${status} ${(json as { code?: string } | null)?.code ?? ''}`.trim();
      } catch (err) {
        kind = (err as Error).name === 'TimeoutError' ? 'timeout' : 'down';
      }
      if (status === 401 && attempt === 0) {
        tokens.delete(username);
        continue;
      }
      samples.push({ at: performance.now() - t0, ms: performance.now() - started, status, kind });
      return { status, json };
    }
  }

  return { call, login, samples };
}
