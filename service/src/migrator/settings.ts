import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { UsageError } from './errors';

/** How the runner waits and retries; each has an environment variable and a CLI flag. */
export interface MigrationSettings {
  /** How long to poll for the advisory lock before giving up (MIGRATE_LOCK_WAIT_MS). */
  readonly lockWaitMs: number;
  /** Postgres lock_timeout of every migration statement (MIGRATE_LOCK_TIMEOUT_MS); 0 waits forever. */
  readonly lockTimeoutMs: number;
  /** Postgres statement_timeout of every migration statement (MIGRATE_STATEMENT_TIMEOUT_MS); 0 means none. */
  readonly statementTimeoutMs: number;
  /** Attempts after a lock timeout (SQLSTATE 55P03) before giving up (MIGRATE_LOCK_RETRIES). */
  readonly lockRetries: number;
  /** First back-off delay; it doubles on each retry (MIGRATE_RETRY_DELAY_MS). */
  readonly retryDelayMs: number;
}

/** Who and what ran a migration, written to every audit row. */
export interface Provenance {
  readonly actor: string;
  readonly runnerVersion: string;
  readonly gitSha: string | null;
  readonly backupId: string | null;
}

export const DEFAULT_SETTINGS: MigrationSettings = {
  lockWaitMs: 60_000,
  lockTimeoutMs: 5_000,
  statementTimeoutMs: 15 * 60_000,
  lockRetries: 3,
  retryDelayMs: 1_000,
};

const ENV_KEYS: Record<keyof MigrationSettings, string> = {
  lockWaitMs: 'MIGRATE_LOCK_WAIT_MS',
  lockTimeoutMs: 'MIGRATE_LOCK_TIMEOUT_MS',
  statementTimeoutMs: 'MIGRATE_STATEMENT_TIMEOUT_MS',
  lockRetries: 'MIGRATE_LOCK_RETRIES',
  retryDelayMs: 'MIGRATE_RETRY_DELAY_MS',
};

const FLAGS: Record<keyof MigrationSettings, string> = {
  lockWaitMs: '--lock-wait',
  lockTimeoutMs: '--lock-timeout',
  statementTimeoutMs: '--statement-timeout',
  lockRetries: '--lock-retries',
  retryDelayMs: '--retry-delay',
};

function wholeNumber(raw: string, source: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 24 * 3600 * 1000)
    throw new UsageError(`${source}=${raw} must be a whole number (milliseconds or a count)`);
  return Number(raw);
}

/** Settings from the environment, overridden by flags (already parsed to strings). */
export function readSettings(env: NodeJS.ProcessEnv, flags: Partial<Record<keyof MigrationSettings, string>> = {}): MigrationSettings {
  const settings: Record<string, number> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(ENV_KEYS) as (keyof MigrationSettings)[]) {
    const fromEnv = env[ENV_KEYS[key]];
    if (fromEnv) settings[key] = wholeNumber(fromEnv, ENV_KEYS[key]);
    const fromFlag = flags[key];
    if (fromFlag !== undefined) settings[key] = wholeNumber(fromFlag, FLAGS[key]);
  }
  return settings as unknown as MigrationSettings;
}

function findPackageJson(from: string): string | undefined {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'package.json');
  }
  return undefined;
}

function runnerVersion(): string {
  const file = findPackageJson(__dirname);
  if (!file) return 'unknown';
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
  return `${pkg.name ?? 'service'}@${pkg.version ?? '0.0.0'}`;
}

// Kept once git has answered: the code that runs is the code loaded at start, whatever is
// committed later, and a test run would otherwise start one git for each of its ~190 migration
// runs. A failure (no git, or a timeout on a busy machine) is asked again next time.
let checkoutSha: string | undefined;

// The image has no .git, so the deploy workflow passes GIT_SHA; locally git answers.
function gitSha(env: NodeJS.ProcessEnv): string | null {
  const fromEnv = env.GIT_SHA ?? env.GITHUB_SHA;
  if (fromEnv) return fromEnv;
  return (checkoutSha ??= readCheckoutSha()) ?? null;
}

function readCheckoutSha(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

function actor(env: NodeJS.ProcessEnv): string {
  if (env.MIGRATE_ACTOR) return env.MIGRATE_ACTOR;
  if (env.GITHUB_ACTOR) return `github:${env.GITHUB_ACTOR}`;
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}

export function readProvenance(env: NodeJS.ProcessEnv, backupId?: string): Provenance {
  return { actor: actor(env), runnerVersion: runnerVersion(), gitSha: gitSha(env), backupId: backupId ?? env.MIGRATE_BACKUP_ID ?? null };
}
