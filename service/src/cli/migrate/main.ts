import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../../config';
import { DatabaseUnavailableError, EXIT_CODES, UsageError } from '../../migrator/errors';
import { DEFAULT_SOURCES_DIR } from '../../migrator/files';
import { readProvenance, readSettings } from '../../migrator/settings';
import { createMigrator, type Migrator, type MigratorOptions } from '../../migrator/migrator';
import { urlFromArgument } from '../../backup/connection';
import { describeDatabase } from '../../redact';
import { announceDatabase, writeFailure, writeReport, type CliContext, type CliIo } from '../shared/output';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { formatProgress } from './format';
import { commandHelp, HELP, LOCK_OPTIONS } from './help';

export type { CliIo } from '../shared/output';

const OPTIONS: ParseArgsConfig['options'] = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  yes: { type: 'boolean' },
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
const COMMON = ['json', 'help', 'migrations-dir'];

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

function checkUsage(name: string | undefined, values: Values, positionals: string[]): Command {
  const command = name ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(name ? `Unknown command: ${name}.` : 'No command given.');
  const allowed = [...COMMON, ...command.options, ...(command.takesLock ? LOCK_OPTIONS : [])];
  const unexpected = Object.keys(values).filter((key) => !allowed.includes(key));
  if (unexpected.length) throw new UsageError(`${name} does not take --${unexpected.join(', --')}.`);
  if (positionals.length - 1 > (command.positionals ?? 0)) throw new UsageError(`Unexpected argument: ${positionals.slice(1).join(' ')}.`);
  return command;
}

/** The database a command works on, redacted, for every report; plan and lint may be pointed elsewhere. */
function targetDatabase(command: Command, values: Values, env: NodeJS.ProcessEnv): string | undefined {
  if (command.usesDatabase === false) return undefined;
  const against = typeof values.against === 'string' ? urlFromArgument(values.against, env).raw : undefined;
  return describeDatabase(against ?? databaseUrl(env));
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

function usageHint(error: unknown, name: string | undefined): string {
  if (!(error instanceof UsageError)) return '';
  return `\nRun \`npm run migrate -- ${name && COMMANDS[name] ? `${name} ` : ''}--help\` for usage.`;
}

/** `migrate` as a function of its arguments, environment and output streams; returns the exit code. */
export async function runMigrateCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let context: CliContext = { tool: 'migrate', command: argv.find((arg) => !arg.startsWith('-')), json };
  let migrator: Migrator | undefined;
  try {
    const { values, positionals } = parse(argv);
    const name = positionals[0];
    context = { ...context, command: name };
    if (values.help) return (io.stdout(`${name ? commandHelp(name) : HELP}\n`), EXIT_CODES.ok);
    const command = checkUsage(name, values, positionals);
    context = { ...context, database: targetDatabase(command, values, env) };
    announceDatabase(io, context, command.stdoutIsData);
    const progress = (text: string) => (json ? io.stderr(`${text}\n`) : io.stdout(`${text}\n`));
    const options = () => migratorOptions(values, env, (event) => progress(formatProgress(event)));
    const open = () => (migrator ??= createMigrator(options()));
    const sourcesDir = (values['migrations-dir'] as string | undefined) ?? env.MIGRATIONS_DIR ?? DEFAULT_SOURCES_DIR;
    const stderr = (text: string) => io.stderr(`${text}\n`);
    const input = { args: positionals.slice(1), values, migrator: open, options, sourcesDir, env, progress: stderr };
    const output = await command.run(input);
    return writeReport(io, context, output);
  } catch (error) {
    return writeFailure(io, context, error, usageHint(error, context.command));
  } finally {
    await migrator?.close();
  }
}
