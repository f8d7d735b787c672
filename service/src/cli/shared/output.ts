import { CliError, DatabaseUnavailableError, EXIT_CODES, type ExitCode } from '../../exit-codes';
import { redactConnectionString } from '../../redact';

/** Where a CLI writes; a function of its arguments and these streams is testable in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** What a command reports: a text for people, an object for scripts, and the verdict. */
export interface CliReport {
  readonly human: string;
  readonly data: Record<string, unknown>;
  /** Non-zero when the command ran but its verdict is a failure (lint errors); defaults to 0. */
  readonly exitCode?: ExitCode;
}

export interface CliContext {
  /** `migrate`, `db`, `deploy`: the program, for messages. */
  readonly tool: string;
  readonly command: string | undefined;
  readonly json: boolean;
  /** The target database, already redacted (describeDatabase), named in every report. */
  readonly database?: string;
}

// Errors of pg and Sequelize that mean "the database is not there", whatever wrapped them.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  '28P01',
  '28000',
  '3D000',
]);

function unreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; parent?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && UNREACHABLE.has(candidate.code)) return true;
    if (candidate.name === 'SequelizeConnectionError' || candidate.name === 'SequelizeConnectionRefusedError') return true;
    current = candidate.parent ?? candidate.cause;
  }
  return false;
}

/** Any thrown value as a CliError: its own exit code, 5 for an unreachable database, else 1. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = redactConnectionString(error instanceof Error ? error.message : String(error));
  if (unreachable(error)) {
    return new DatabaseUnavailableError(`cannot reach the database: ${message}. Check DATABASE_URL and that the server is up.`);
  }
  return new CliError(message, EXIT_CODES.failed);
}

/**
 * The one JSON shape of every CLI: `{ command, ok, exitCode, database?, ...data }` on success,
 * `{ command, ok: false, exitCode, database?, error: { kind, message, ...details } }` on failure;
 * always one line on stdout, so `make -s <target> ARGS=--json | jq` works.
 */
export function writeReport(io: CliIo, context: CliContext, report: CliReport): ExitCode {
  const exitCode = report.exitCode ?? EXIT_CODES.ok;
  if (context.json) {
    const head = { command: context.command, ok: exitCode === EXIT_CODES.ok, exitCode, ...databaseField(context) };
    io.stdout(`${JSON.stringify({ ...head, ...report.data })}\n`);
  } else {
    io.stdout(`${report.human}\n`);
  }
  return exitCode;
}

/**
 * Names the target database before a human report starts, so a person sees where the command
 * works before it works there. On stderr when stdout carries data (SQL of `plan`); silent with --json,
 * whose object carries `database`.
 */
export function announceDatabase(io: CliIo, context: CliContext, stdoutIsData = false): void {
  if (context.json || !context.database) return;
  (stdoutIsData ? io.stderr : io.stdout)(`database ${context.database}\n`);
}

/** Reports a failure on stderr for people (and as JSON on stdout with --json); returns the exit code. */
export function writeFailure(io: CliIo, context: CliContext, thrown: unknown, hint = ''): ExitCode {
  const failure = toCliError(thrown);
  const message = redactConnectionString(failure.message);
  const where = context.database ? ` (database ${context.database})` : '';
  io.stderr(`${context.tool}${context.command ? ` ${context.command}` : ''} failed${where}: ${message}${hint}\n`);
  if (context.json) {
    const error = { kind: failure.name, message, ...failure.details };
    const head = { command: context.command, ok: false, exitCode: failure.exitCode, ...databaseField(context) };
    io.stdout(`${JSON.stringify({ ...head, error })}\n`);
  }
  return failure.exitCode;
}

function databaseField(context: CliContext): { database?: string } {
  return context.database ? { database: context.database } : {};
}

/** Exits once stdout is flushed, so a piped `--json` line is never cut short. */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}
