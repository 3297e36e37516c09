/**
 * The only reader of process.env: parses and checks the variables declared in config-vars.ts into one
 * typed, nested configuration.
 */
import path from 'node:path';
import { CONFIG_VARS, type ConfigVar, type VarSpec } from './config-vars.ts';

const DEV_TOKEN_SECRET = 'dev-only-token-secret-not-for-production';
const DEV_PII_KEY = 'dev-only-pii-key-not-for-production-use';

function secret(
  env: NodeJS.ProcessEnv,
  name: 'AUTH_TOKEN_SECRET' | 'PII_KEY',
  fallback: string,
  external: boolean,
): string {
  const v = read(env, name);
  if (v) {
    if (v.length < 32) throw new ConfigError(name, 'expected at least 32 characters');
    return v;
  }
  if (external)
    throw new ConfigError(
      name,
      'must be set when DATABASE_URL is set (the development default is for the embedded database only)',
    );
  return fallback;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function read(env: NodeJS.ProcessEnv, name: ConfigVar): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? CONFIG_VARS[name].default : raw;
}
function int(env: NodeJS.ProcessEnv, name: ConfigVar): number {
  const v = read(env, name);
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `expected a non-negative integer, got "${v}"`);
  return Number(v);
}
function bool(env: NodeJS.ProcessEnv, name: ConfigVar): boolean {
  const v = read(env, name).toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(name, `expected true or false, got "${v}"`);
}
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: ConfigVar): T {
  const spec = CONFIG_VARS[name] as VarSpec;
  const v = read(env, name);
  if (!spec.values?.includes(v)) throw new ConfigError(name, `expected one of ${spec.values?.join(', ')}, got "${v}"`);
  return v as T;
}

function phoneList(env: NodeJS.ProcessEnv, name: 'SYNC_ALERT_PHONES' | 'AUDIT_ALERT_PHONES'): string[] {
  const phones = read(env, name)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = phones.find((p) => !/^1\d{10}$/.test(p));
  if (bad) throw new ConfigError(name, `expected 11-digit mobile numbers, got "${bad}"`);
  return phones;
}

const AUDIENCE_NAMES = ['HANDLER', 'DEPT_HEAD', 'LEAD_DEPT', 'SUPERVISOR'] as const;

/** WARNING_CONTACTS: department → audience → mobiles, every part checked. */
function warningContacts(
  env: NodeJS.ProcessEnv,
): Record<string, Partial<Record<(typeof AUDIENCE_NAMES)[number], string[]>>> {
  const raw = read(env, 'WARNING_CONTACTS').trim();
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('WARNING_CONTACTS', 'expected JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigError('WARNING_CONTACTS', 'expected an object of departments');
  const out: Record<string, Partial<Record<(typeof AUDIENCE_NAMES)[number], string[]>>> = {};
  for (const [department, audiences] of Object.entries(parsed)) {
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(department))
      throw new ConfigError('WARNING_CONTACTS', `"${department}" is not a department code`);
    if (typeof audiences !== 'object' || audiences === null || Array.isArray(audiences))
      throw new ConfigError('WARNING_CONTACTS', `${department}: expected an object of audiences`);
    out[department] = {};
    for (const [audience, phones] of Object.entries(audiences)) {
      if (!(AUDIENCE_NAMES as readonly string[]).includes(audience))
        throw new ConfigError(
          'WARNING_CONTACTS',
          `${department}: audience "${audience}" is not one of ${AUDIENCE_NAMES.join(', ')}`,
        );
      if (!Array.isArray(phones) || phones.some((p) => typeof p !== 'string' || !/^1\d{10}$/.test(p)))
        throw new ConfigError(
          'WARNING_CONTACTS',
          `${department}.${audience}: expected a list of 11-digit mobile numbers`,
        );
      out[department]![audience as (typeof AUDIENCE_NAMES)[number]] = phones as string[];
    }
  }
  return out;
}

function engineOwnerConfig(env: NodeJS.ProcessEnv) {
  const heartbeatMs = int(env, 'ENGINE_HEARTBEAT_MS');
  if (heartbeatMs < 100) throw new ConfigError('ENGINE_HEARTBEAT_MS', `expected at least 100, got ${heartbeatMs}`);
  const timeoutMs = int(env, 'ENGINE_OWNER_TIMEOUT_MS');
  if (timeoutMs < 2 * heartbeatMs)
    throw new ConfigError(
      'ENGINE_OWNER_TIMEOUT_MS',
      `expected at least twice ENGINE_HEARTBEAT_MS (${2 * heartbeatMs}), got ${timeoutMs}`,
    );
  return { heartbeatMs, timeoutMs };
}

function syncConfig(env: NodeJS.ProcessEnv) {
  const batchSize = int(env, 'SYNC_BATCH_SIZE');
  if (batchSize < 1 || batchSize > 1000)
    throw new ConfigError(
      'SYNC_BATCH_SIZE',
      `expected 1–1000 (the province takes at most 1,000 records per envelope), got ${batchSize}`,
    );
  const phones = phoneList(env, 'SYNC_ALERT_PHONES');
  return {
    relays: int(env, 'SYNC_RELAYS'),
    batchSize,
    pollMs: int(env, 'SYNC_POLL_MS'),
    leaseMs: int(env, 'SYNC_LEASE_MS'),
    lagCheckMs: int(env, 'SYNC_LAG_CHECK_MS'),
    alertPhones: phones,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = path.resolve(read(env, 'DATA_DIR'));
  const deadline = read(env, 'DEADLINE_TIME_OF_DAY');
  if (!/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(deadline))
    throw new ConfigError('DEADLINE_TIME_OF_DAY', `expected HH:MM:SS, got "${deadline}"`);
  const dbUrl = read(env, 'DATABASE_URL') || undefined;
  const demoData = oneOf<'auto' | 'true' | 'false'>(env, 'DEMO_DATA');
  return {
    http: { port: int(env, 'PORT'), host: read(env, 'HOST'), trustProxy: bool(env, 'TRUST_PROXY') },
    security: {
      tokenSecret: secret(env, 'AUTH_TOKEN_SECRET', DEV_TOKEN_SECRET, !!dbUrl),
      piiKey: secret(env, 'PII_KEY', DEV_PII_KEY, !!dbUrl),
      rateLimit: { max: int(env, 'RATE_LIMIT_MAX'), loginMax: int(env, 'LOGIN_RATE_LIMIT_MAX') },
    },
    demo: { data: demoData === 'auto' ? !dbUrl : demoData === 'true', password: read(env, 'DEMO_PASSWORD') },
    log: { level: oneOf<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'>(env, 'LOG_LEVEL') },
    db: { url: dbUrl, dataDir, minFreeDiskMb: int(env, 'MIN_FREE_DISK_MB') },
    report: { chromiumPath: read(env, 'CHROMIUM_PATH') },
    engine: {
      kind: oneOf<'embedded' | 'zeebe'>(env, 'ENGINE'),
      jobLeaseMs: int(env, 'JOB_LEASE_MS'),
      owner: engineOwnerConfig(env),
      schedulerPollMs: int(env, 'SCHEDULER_POLL_MS'),
      deployOnStart: bool(env, 'DEPLOY_ON_START'),
      zeebe: {
        grpcAddress: read(env, 'ZEEBE_GRPC_ADDRESS'),
        restAddress: read(env, 'ZEEBE_REST_ADDRESS'),
        clientId: read(env, 'ZEEBE_CLIENT_ID'),
        clientSecret: read(env, 'ZEEBE_CLIENT_SECRET'),
        oauthUrl: read(env, 'ZEEBE_OAUTH_URL'),
      },
    },
    time: {
      demo: ((v) => (v === 'auto' ? !read(env, 'DATABASE_URL') : v === 'true'))(
        oneOf<'auto' | 'true' | 'false'>(env, 'DEMO_TIME'),
      ),
      deadlineTimeOfDay: deadline,
      calendarRefreshMs: int(env, 'CALENDAR_REFRESH_MS'),
      calendarCheckMs: int(env, 'CALENDAR_CHECK_MS'),
    },
    sms: { url: read(env, 'SMS_GATEWAY_URL') || undefined, apiKey: read(env, 'SMS_API_KEY') },
    certificates: { url: read(env, 'CERT_SERVICE_URL') || undefined, apiKey: read(env, 'CERT_API_KEY') },
    province: {
      url: read(env, 'PROVINCE_URL') || undefined,
      appId: read(env, 'PROVINCE_APP_ID'),
      appSecret: read(env, 'PROVINCE_APP_SECRET'),
      timeoutMs: int(env, 'PROVINCE_TIMEOUT_MS'),
    },
    sync: syncConfig(env),
    warnings: { contacts: warningContacts(env), refreshMs: int(env, 'CONTACTS_REFRESH_MS') },
    audit: {
      verifyIntervalMs: int(env, 'AUDIT_VERIFY_INTERVAL_MS'),
      alertPhones: phoneList(env, 'AUDIT_ALERT_PHONES'),
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
