import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConnectionError } from 'sequelize';
import { ConfigError, loadConfig } from '../config';
import { DatabaseUnavailableError, EXIT_CODES, MigrateError, UsageError } from '../db/migration-errors';
import { DEFAULT_SOURCES_DIR } from '../db/migration-files';
import { readProvenance, readSettings } from '../db/migration-settings';
import { createMigrator, type Migrator, type MigratorOptions } from '../db/migrator';
import { redactConnectionString } from '../redact';
import { COMMANDS, type Command } from './migrate-commands';
import { formatProgress } from './migrate-format';
import { commandHelp, HELP } from './migrate-help';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const OPTIONS: ParseArgsConfig['options'] = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  to: { type: 'string' },
  step: { type: 'string' },
  accept: { type: 'string' },
  note: { type: 'string' },
  'allow-out-of-order': { type: 'boolean' },
  'backup-id': { type: 'string' },
  'migrations-dir': { type: 'string' },
  'lock-wait': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'lock-retries': { type: 'string' },
  against: { type: 'string' },
  'from-backup': { type: 'string' },
  out: { type: 'string' },
};
const COMMON = ['json', 'help', 'migrations-dir', 'lock-wait', 'lock-timeout', 'statement-timeout', 'lock-retries'];

type Values = Record<string, string | boolean | undefined>;

function parse(argv: string[]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { values: values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function databaseUrl(env: NodeJS.ProcessEnv): string {
  try {
    return loadConfig(env).databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new DatabaseUnavailableError(`${error.message}\nSet DATABASE_URL to the database to migrate.`);
    throw error;
  }
}

function toMigrateError(error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  const message = redactConnectionString(error instanceof Error ? error.message : String(error));
  if (error instanceof ConnectionError)
    return new DatabaseUnavailableError(`Cannot reach the database: ${message}. Check DATABASE_URL and that the server is up.`);
  return new MigrateError(message, EXIT_CODES.migrationFailed);
}

function checkUsage(name: string | undefined, values: Values, positionals: string[]): Command {
  const command = name ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(name ? `Unknown command: ${name}.` : 'No command given.');
  const unexpected = Object.keys(values).filter((key) => !COMMON.includes(key) && !command.options.includes(key));
  if (unexpected.length) throw new UsageError(`${name} does not take --${unexpected.join(', --')}.`);
  if (positionals.length - 1 > (command.positionals ?? 0)) throw new UsageError(`Unexpected argument: ${positionals.slice(1).join(' ')}.`);
  return command;
}

function migratorOptions(values: Values, env: NodeJS.ProcessEnv, report: MigratorOptions['report']): MigratorOptions {
  const flag = (name: string) => values[name] as string | undefined;
  return {
    databaseUrl: databaseUrl(env),
    migrationsDir: flag('migrations-dir') ?? env.MIGRATIONS_DIR,
    settings: readSettings(env, {
      lockWaitMs: flag('lock-wait'),
      lockTimeoutMs: flag('lock-timeout'),
      statementTimeoutMs: flag('statement-timeout'),
      lockRetries: flag('lock-retries'),
    }),
    provenance: readProvenance(env, flag('backup-id')),
    report,
  };
}

function reportFailure(error: unknown, name: string | undefined, json: boolean, io: CliIo): number {
  const failure = toMigrateError(error);
  const known = name !== undefined && COMMANDS[name] !== undefined;
  const hint = failure instanceof UsageError ? `\nRun \`npm run migrate -- ${known ? `${name} ` : ''}--help\` for usage.` : '';
  io.stderr(`migrate ${name ?? ''}: ${failure.message}${hint}\n`);
  if (json) {
    const error = { kind: failure.name, message: failure.message, ...failure.details };
    io.stdout(`${JSON.stringify({ command: name, ok: false, exitCode: failure.exitCode, error })}\n`);
  }
  return failure.exitCode;
}

/** `migrate` as a function of its arguments, environment and output streams; returns the exit code. */
export async function runMigrateCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let name = argv.find((arg) => !arg.startsWith('-'));
  let migrator: Migrator | undefined;
  try {
    const { values, positionals } = parse(argv);
    name = positionals[0];
    if (values.help) return (io.stdout(`${name ? commandHelp(name) : HELP}\n`), EXIT_CODES.ok);
    const command = checkUsage(name, values, positionals);
    const progress = (text: string) => (json ? io.stderr(`${text}\n`) : io.stdout(`${text}\n`));
    const options = () => migratorOptions(values, env, (event) => progress(formatProgress(event)));
    const open = () => (migrator ??= createMigrator(options()));
    const sourcesDir = (values['migrations-dir'] as string | undefined) ?? env.MIGRATIONS_DIR ?? DEFAULT_SOURCES_DIR;
    const stderr = (text: string) => io.stderr(`${text}\n`);
    const output = await command.run({ args: positionals.slice(1), values, migrator: open, options, sourcesDir, env, progress: stderr });
    const exitCode = output.exitCode ?? EXIT_CODES.ok;
    io.stdout(`${json ? JSON.stringify({ command: name, ok: exitCode === EXIT_CODES.ok, ...output.data }) : output.human}\n`);
    return exitCode;
  } catch (error) {
    return reportFailure(error, name, json, io);
  } finally {
    await migrator?.close();
  }
}
