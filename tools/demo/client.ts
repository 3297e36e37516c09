/**
 * The demo's HTTP client: signs in as each demo account (once, again after a 401), calls the API as
 * that person, waits for what the workers do, and moves demo time forward.
 *
 * DEMO_URL (default http://127.0.0.1:$PORT or 3000), DEMO_PASSWORD (default Zhuhai@2026).
 */
export const BASE = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Zhuhai@2026';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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

export async function api(
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

export async function until<T>(
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

export async function advance(hours: number): Promise<string> {
  const { now } = await api('developer', 'POST', '/api/v1/dev/clock/advance', { hours });
  // let the minute sweep and the workers catch up with the jump
  await new Promise((r) => setTimeout(r, 1500));
  return now as string;
}

export async function task(
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
