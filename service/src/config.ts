import { postgresUrlProblem } from './db/postgres-url';
import { redactConnectionString } from './redact';

export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly dbPoolMax: number;
  readonly dbPoolAcquireTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logPretty: boolean;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
}

/** Thrown with every problem found, so one start reports all bad keys at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Parser<T> = (raw: string) => T;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

function oneOf<T extends string>(choices: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new Error(`must be one of ${choices.join(', ')}`);
    }
    return raw as T;
  };
}

const boolean: Parser<boolean> = (raw) => {
  if (!['true', 'false', '1', '0'].includes(raw)) throw new Error('must be true or false');
  return raw === 'true' || raw === '1';
};

const postgresUrl: Parser<string> = (raw) => {
  const problem = postgresUrlProblem(raw);
  if (problem) throw new Error(problem);
  return raw;
};

const originList: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

/**
 * Reads the environment once at start. Every key is checked before failing, so a
 * misconfigured deploy shows all its mistakes in one log line rather than one per restart.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  function read<T>(key: string, parse: Parser<T>, fallback?: T): T {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (fallback === undefined) problems.push(`${key} is required`);
      return fallback as T;
    }
    try {
      return parse(raw);
    } catch (error) {
      const shown = key.endsWith('_URL') ? redactConnectionString(raw) : raw;
      problems.push(`${key}=${JSON.stringify(shown)} ${(error as Error).message}`);
      return fallback as T;
    }
  }

  const nodeEnv = read('NODE_ENV', oneOf(NODE_ENVS), 'development');
  const config: Config = {
    nodeEnv,
    host: read('HOST', String, '0.0.0.0'),
    port: read('PORT', integer(0, 65535), 3000),
    databaseUrl: read('DATABASE_URL', postgresUrl),
    dbPoolMax: read('DB_POOL_MAX', integer(1, 1000), 10),
    dbPoolAcquireTimeoutMs: read('DB_POOL_ACQUIRE_TIMEOUT_MS', integer(1, 10 * 60 * 1000), 5_000),
    logLevel: read('LOG_LEVEL', oneOf(LOG_LEVELS), nodeEnv === 'test' ? 'silent' : 'info'),
    logPretty: read('LOG_PRETTY', boolean, false),
    corsOrigins: read('CORS_ORIGINS', originList, []),
    bodyLimitBytes: read('BODY_LIMIT_BYTES', integer(1, 50 * 1024 * 1024), 100 * 1024),
    shutdownTimeoutMs: read('SHUTDOWN_TIMEOUT_MS', integer(0, 10 * 60 * 1000), 10_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
