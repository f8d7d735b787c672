import { CliError, DatabaseUnavailableError, EXIT_CODES as SHARED, type ExitCode } from '../exit-codes';

export type { ExitCode };

/** The rows of the project's exit-code table (exit-codes.ts) that `migrate` uses, by its own names. */
export const EXIT_CODES = {
  ok: SHARED.ok,
  migrationFailed: SHARED.failed,
  usage: SHARED.usage,
  lockTimeout: SHARED.lockTimeout,
  integrity: SHARED.refused,
  database: SHARED.database,
} as const;

/** An error meant for the person running `migrate`: what failed, why, and what to do next. */
export class MigrateError extends CliError {
  constructor(message: string, exitCode: ExitCode, details: Record<string, unknown> = {}) {
    super(message, exitCode, details);
  }
}

export class UsageError extends MigrateError {
  constructor(message: string) {
    super(message, EXIT_CODES.usage);
  }
}

export class LockTimeoutError extends MigrateError {
  constructor(message: string, holder: Record<string, unknown> | undefined) {
    super(message, EXIT_CODES.lockTimeout, { holder });
  }
}

export interface IntegrityProblem {
  readonly kind: 'checksum-mismatch' | 'missing-file' | 'out-of-order';
  readonly name: string;
  readonly message: string;
}

export class IntegrityError extends MigrateError {
  constructor(readonly problems: readonly IntegrityProblem[]) {
    super(
      `Refusing to migrate: ${problems.length} integrity problem(s):\n${problems.map((p) => `  - ${p.message}`).join('\n')}\n` +
        'See docs/migrations.md ("When the runner refuses") for what each one means and how to resolve it.',
      EXIT_CODES.integrity,
      { problems },
    );
  }
}

/** Postgres' own code and message, kept so the person sees the real cause, not a wrapper's. */
export interface PostgresFailure {
  readonly code?: string;
  readonly message: string;
  readonly detail?: string;
}

export class MigrationFailedError extends MigrateError {
  constructor(
    readonly migration: string,
    direction: 'up' | 'down',
    readonly postgres: PostgresFailure,
    hint = 'Nothing of it was kept: fix the migration and run the command again.',
  ) {
    const code = postgres.code ? ` [SQLSTATE ${postgres.code}]` : '';
    const detail = postgres.detail ? ` (${postgres.detail})` : '';
    super(`Migration ${migration} (${direction}) failed: ${postgres.message}${code}${detail}. ${hint}`, EXIT_CODES.migrationFailed, {
      migration,
      direction,
      postgres,
    });
  }
}

export { DatabaseUnavailableError };

/** The Postgres error under Sequelize's and Umzug's wrappers, if there is one. */
export function postgresFailureOf(error: unknown): PostgresFailure {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const candidate = current as { code?: unknown; message?: string; detail?: string; parent?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, message: candidate.message ?? candidate.code, detail: candidate.detail };
    }
    current = candidate.parent ?? candidate.cause;
  }
  return { message: error instanceof Error ? error.message : JSON.stringify(error) };
}
