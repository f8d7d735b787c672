import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';
import { redactConnectionString } from './redact';

export type { Logger };

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactConnectionString(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    // A copy with the same prototype, so pino's error serializer still reports the real type.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, value);
    copy.message = redactConnectionString(value.message);
    copy.stack = redactConnectionString(value.stack ?? '');
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  // Class instances (requests, responses) have their own serializers; only plain data is walked.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, depth + 1)]));
}

/**
 * JSON logs for machines; pretty lines only when asked (make dev). Every string that reaches a
 * log line passes through the connection-string redactor, so a password in an error message
 * from a driver never reaches the log store.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      censor: '***',
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => redactDeep(arg)) as Parameters<typeof method>);
      },
    },
    transport: config.logPretty && !destination ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
