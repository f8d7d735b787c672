/**
 * The one exit-code table of every command-line tool of the project (migrate, db, deploy, seed).
 * Scripts and CI react to the code: retry later (3), page someone (1), fix the setup (5, 7).
 * Documented here only; `--help` prints it from this table.
 */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  lockTimeout: 3,
  refused: 4,
  database: 5,
  badBackup: 6,
  missingTool: 7,
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitCodeName];

const MEANINGS: Record<ExitCodeName, string> = {
  ok: 'done',
  failed: 'the work failed (a migration, pg_dump, a deploy stage) or found errors (lint); nothing half-done was kept',
  usage: 'bad usage: unknown command or option, a missing argument, a file that does not exist',
  lockTimeout: 'timed out waiting for the migration lock: another run holds it; try again later',
  refused:
    'refused on purpose: an edited or missing applied migration, a non-empty restore target, a database that looks like production without --yes',
  database: 'database unreachable, or DATABASE_URL (or the URL given) missing or invalid',
  badBackup: 'the backup failed verification: corrupt, truncated, or not what its manifest says',
  missingTool: 'a required program is missing or too old (pg_dump, pg_restore, docker); the message says how to get it',
};

/** The exit-code table as `--help` prints it: all rows, or those a command can produce. */
export function describeExitCodes(names: readonly ExitCodeName[] = Object.keys(EXIT_CODES) as ExitCodeName[]): string {
  const rows = names.map((name) => `  ${EXIT_CODES[name]}  ${MEANINGS[name]}`);
  return `Exit codes:\n${rows.join('\n')}`;
}

/**
 * An error meant for the person at the terminal (what failed, why, what to do next) that also
 * tells scripts what kind of failure it is. Every tool's own error class extends it.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT_CODES.failed,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The database does not answer, or its URL is missing or invalid: the same kind for every tool. */
export class DatabaseUnavailableError extends CliError {
  constructor(message: string) {
    super(message, EXIT_CODES.database);
  }
}
