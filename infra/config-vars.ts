/**
 * Every configuration variable, declared once: its type, its default and what it means (data, not
 * code; infra/config.ts reads and parses them). README.md's configuration table is checked against
 * this list by config.test.ts.
 */
type Kind = 'string' | 'int' | 'bool' | 'enum';
export interface VarSpec {
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

export type ConfigVar = keyof typeof CONFIG_VARS;
