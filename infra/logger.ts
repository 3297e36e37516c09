/** The one pino root. Pretty output only on a TTY; personal data redacted everywhere. */
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  '*.idNumber',
  '*.phone',
  '*.phones',
  '*.password',
  '*.mobile',
  '*.accessToken',
  '*.refreshToken',
  'req.headers.authorization',
  '*.*.idNumber',
  '*.*.phone',
];

export function createLogger(level: string = 'info', options: { pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } } : {}),
  });
}
