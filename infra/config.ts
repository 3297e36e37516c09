/**
 * The only reader of process.env. Every variable is declared once here: its type, its default and
 * what it means. README.md's configuration table is checked against this list by config.test.ts.
 */
import path from 'node:path';

type Kind = 'string' | 'int' | 'bool' | 'enum';
interface VarSpec {
  kind: Kind;
  default: string;
  doc: string;
  values?: readonly string[];
}

export const CONFIG_VARS = {
  PORT: { kind: 'int', default: '3000', doc: 'HTTP port of the API server.' },
  HOST: { kind: 'string', default: '127.0.0.1', doc: 'Address the API server binds to.' },
  DATA_DIR: {
    kind: 'string',
    default: '.data',
    doc: 'Directory of the embedded PGlite database and local files (embedded mode only).',
  },
  DATABASE_URL: { kind: 'string', default: '', doc: 'PostgreSQL URL (TCP). Empty: embedded PGlite in DATA_DIR.' },
  MIN_FREE_DISK_MB: {
    kind: 'int',
    default: '200',
    doc: 'Embedded mode: below this much free space in DATA_DIR, writes are refused with 503 STORAGE_FULL (reads go on) and /health is degraded.',
  },
  LOG_LEVEL: {
    kind: 'enum',
    default: 'info',
    values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'],
    doc: 'pino log level.',
  },
  ENGINE: {
    kind: 'enum',
    default: 'embedded',
    values: ['embedded', 'zeebe'],
    doc: 'Which BPMN engine runs: the embedded one, or a Camunda 8 cluster.',
  },
  ZEEBE_GRPC_ADDRESS: { kind: 'string', default: 'localhost:26500', doc: 'Zeebe gateway address (ENGINE=zeebe).' },
  ZEEBE_REST_ADDRESS: {
    kind: 'string',
    default: 'http://localhost:8080',
    doc: 'Camunda 8 REST address (ENGINE=zeebe).',
  },
  ZEEBE_CLIENT_ID: { kind: 'string', default: '', doc: 'OAuth client id for the Camunda 8 cluster (empty: no auth).' },
  ZEEBE_CLIENT_SECRET: { kind: 'string', default: '', doc: 'OAuth client secret for the Camunda 8 cluster.' },
  ZEEBE_OAUTH_URL: { kind: 'string', default: '', doc: 'OAuth token URL for the Camunda 8 cluster.' },
  JOB_LEASE_MS: { kind: 'int', default: '300000', doc: 'Default job activation lease (timeout) in ms.' },
  ENGINE_HEARTBEAT_MS: {
    kind: 'int',
    default: '5000',
    doc: 'How often the embedded engine records that this process is alive and releases the jobs held by engine processes that are not (killed, crashed), in ms.',
  },
  ENGINE_OWNER_TIMEOUT_MS: {
    kind: 'int',
    default: '15000',
    doc: 'On PostgreSQL, an engine process whose last heartbeat is older than this is dead: the jobs its workers held are activatable again at once instead of after JOB_LEASE_MS (at least twice ENGINE_HEARTBEAT_MS). On PGlite every other process is dead at start.',
  },
  SCHEDULER_POLL_MS: {
    kind: 'int',
    default: '1000',
    doc: 'How often the timer scheduler looks for due timers, in ms.',
  },
  DEMO_TIME: {
    kind: 'enum',
    default: 'auto',
    values: ['auto', 'true', 'false'],
    doc: 'Demo mode: the clock follows real time but can be moved forward (POST /api/v1/dev/clock/advance, developers only); the advance is stored and survives a restart. auto: only on the embedded default (no DATABASE_URL). Never in production.',
  },
  DEPLOY_ON_START: {
    kind: 'bool',
    default: 'true',
    doc: 'Deploy every diagram in bpmn/ at start-up (a new version only when the XML changed).',
  },
  DEADLINE_TIME_OF_DAY: {
    kind: 'string',
    default: '23:59:59',
    doc: 'Time of day (Asia/Shanghai) at which a working-day deadline falls.',
  },
  CALENDAR_REFRESH_MS: {
    kind: 'int',
    default: '30000',
    doc: 'How often a process looks for working-day calendar notices loaded elsewhere (another replica, npm run calendar:load), in ms.',
  },
  CALENDAR_CHECK_MS: {
    kind: 'int',
    default: '3600000',
    doc: 'How often the calendar coverage is checked (from 60 days before the last known year ends: degraded on /health and a weekly SMS to the system administrators and city supervisors), in ms.',
  },
  WARNING_CONTACTS: {
    kind: 'string',
    default: '',
    doc: 'Who gets the yellow/red warnings of a department, where the accounts on file are not the right people: JSON `{"ZH_ZJJ": {"DEPT_HEAD": ["139…"], "HANDLER": […]}}` (audiences HANDLER, DEPT_HEAD, LEAD_DEPT, SUPERVISOR). Empty: the department\'s reviewers (HANDLER), heads (DEPT_HEAD, LEAD_DEPT) and the city and district supervisors, from their accounts.',
  },
  CONTACTS_REFRESH_MS: {
    kind: 'int',
    default: '60000',
    doc: 'How often the warning recipients are read again from the accounts, in ms.',
  },
  SMS_GATEWAY_URL: {
    kind: 'string',
    default: '',
    doc: 'SMS gateway base URL. Empty: a local fake gateway is started (embedded mode).',
  },
  SMS_API_KEY: { kind: 'string', default: 'dev-sms-key', doc: 'API key sent to the SMS gateway.' },
  CERT_SERVICE_URL: {
    kind: 'string',
    default: '',
    doc: 'Provincial digital space (e-certificates, e-seals) base URL. Empty: local fake.',
  },
  CERT_API_KEY: { kind: 'string', default: 'dev-cert-key', doc: 'API key for the certificate service.' },
  PROVINCE_URL: { kind: 'string', default: '', doc: 'Provincial approval system base URL. Empty: local fake.' },
  PROVINCE_APP_ID: { kind: 'string', default: 'ZH-GGXT', doc: 'Our system id at the provincial approval system.' },
  PROVINCE_APP_SECRET: {
    kind: 'string',
    default: 'dev-province-secret',
    doc: 'Shared secret for signing requests to the provincial system.',
  },
  PROVINCE_TIMEOUT_MS: {
    kind: 'int',
    default: '10000',
    doc: 'Timeout of one push to the provincial system, in ms (keep it well under SYNC_LEASE_MS).',
  },
  SYNC_RELAYS: {
    kind: 'int',
    default: '1',
    doc: 'Provincial-sync relay loops in this process (0: none; other processes may relay). Several loops and processes share the outbox safely.',
  },
  SYNC_BATCH_SIZE: { kind: 'int', default: '200', doc: 'Outbox records per envelope pushed to the province (1–1000).' },
  SYNC_POLL_MS: {
    kind: 'int',
    default: '200',
    doc: 'How long an idle sync relay waits before looking at the outbox again, in ms.',
  },
  SYNC_LEASE_MS: {
    kind: 'int',
    default: '60000',
    doc: 'How long a relay holds claimed outbox records before another may take them over, in ms.',
  },
  SYNC_LAG_CHECK_MS: {
    kind: 'int',
    default: '15000',
    doc: 'How often the sync-lag monitor checks the oldest unsent record (alert past 4 min, A10 past 5 min), in ms.',
  },
  SYNC_ALERT_PHONES: {
    kind: 'string',
    default: '',
    doc: 'Comma-separated mobiles of the operators and supervisors texted when the provincial sync lags (empty: log only).',
  },
  AUTH_TOKEN_SECRET: {
    kind: 'string',
    default: '',
    doc: 'HMAC secret signing access tokens (≥ 32 characters). Empty: a development secret, refused when DATABASE_URL is set.',
  },
  PII_KEY: {
    kind: 'string',
    default: '',
    doc: 'Secret the personal-data encryption and blind-index keys are derived from (≥ 32 characters). Empty: a development key, refused when DATABASE_URL is set. Changing it makes stored data unreadable.',
  },
  DEMO_DATA: {
    kind: 'enum',
    default: 'auto',
    values: ['auto', 'true', 'false'],
    doc: 'Seed the demo accounts (one per role). auto: only on the embedded default (no DATABASE_URL).',
  },
  DEMO_PASSWORD: { kind: 'string', default: 'Zhuhai@2026', doc: 'Password of every demo account.' },
  RATE_LIMIT_MAX: { kind: 'int', default: '300', doc: 'API requests per minute per client address.' },
  LOGIN_RATE_LIMIT_MAX: {
    kind: 'int',
    default: '10',
    doc: 'Login, refresh and password-change requests per minute per client address.',
  },
  CHROMIUM_PATH: {
    kind: 'string',
    default: '/usr/bin/chromium',
    doc: 'Chromium used to print reports as PDF (Debian package chromium, with fonts-noto-cjk for Chinese). Missing: PDF requests answer 503 REPORT_PDF_UNAVAILABLE.',
  },
  TRUST_PROXY: {
    kind: 'bool',
    default: 'false',
    doc: 'Take the client address from X-Forwarded-For (behind a reverse proxy).',
  },
  AUDIT_VERIFY_INTERVAL_MS: {
    kind: 'int',
    default: '86400000',
    doc: 'How often the server verifies the whole audit-log hash chain, in ms (default daily; the first check a minute after start; 0: never). Results on /metrics (audit_chain_ok, audit_chain_breaks).',
  },
  AUDIT_ALERT_PHONES: {
    kind: 'string',
    default: '',
    doc: 'Comma-separated mobiles of the security admins texted when the audit chain is broken (empty: error log only).',
  },
} as const satisfies Record<string, VarSpec>;

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

export type ConfigVar = keyof typeof CONFIG_VARS;

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
