import { parseArgs } from 'node:util';
import { EXIT_CODES, CliError } from '../../exit-codes';
import { BackupError } from '../../backup/errors';
import { redactConnectionString } from '../../redact';
import { announceDatabase, writeFailure, writeReport, type CliContext, type CliIo } from '../shared/output';
import { COMMANDS, targetOf, type CommandInput } from './commands';
import { COMMAND_HELP, GENERAL_HELP } from './help';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  progress: { type: 'boolean' },
  docker: { type: 'boolean' },
  dir: { type: 'string' },
  keep: { type: 'string' },
  target: { type: 'string' },
  server: { type: 'string' },
  force: { type: 'boolean' },
  'skip-verify': { type: 'boolean' },
  create: { type: 'boolean' },
  'with-owners': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

const TAKES_FILE = new Set(['verify', 'restore']);

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

function parseKeep(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new BackupError(`--keep must be a whole number of at least 1 (got ${JSON.stringify(raw)}).`, EXIT_CODES.usage);
  return Number(raw);
}

/**
 * Ctrl-C or a cancelled CI job stops the running tool instead of killing this process outright,
 * so the command's own cleanup runs: `.partial` files are removed, throwaway databases dropped.
 */
function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new BackupError(`stopped by ${signal}; nothing half-written was kept`)));
  }
  return controller.signal;
}

function commandInput(values: Values, file: string | undefined, env: NodeJS.ProcessEnv, io: CliIo, signal: AbortSignal): CommandInput {
  const showProgress = values.progress === true || (values.progress === undefined && process.stderr.isTTY);
  return {
    file,
    dir: values.dir ?? (env.BACKUP_DIR || 'backups'),
    docker: values.docker === true,
    keep: parseKeep(values.keep),
    target: values.target,
    server: values.server,
    force: values.force === true,
    skipVerify: values['skip-verify'] === true,
    create: values.create === true,
    withOwners: values['with-owners'] === true,
    yes: values.yes === true,
    progress: showProgress ? (line) => io.stderr(`  ${redactConnectionString(line)}\n`) : undefined,
    env,
    signal,
  };
}

function checkUsage(command: string | undefined, file: string | undefined, extra: string[]): void {
  if (!command || !COMMANDS[command]) throw new CliError(command ? `Unknown command: ${command}.` : 'No command given.', EXIT_CODES.usage);
  if (TAKES_FILE.has(command) ? !file || extra.length > 0 : file !== undefined) {
    const problem = TAKES_FILE.has(command) ? `${command} needs exactly one backup FILE.` : `${command} takes no arguments.`;
    throw new CliError(problem, EXIT_CODES.usage);
  }
}

/** `db` as a function of its arguments, environment and output streams; returns the exit code. */
export async function runDbCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo, signal?: AbortSignal): Promise<number> {
  let context: CliContext = { tool: 'db', command: argv.find((arg) => !arg.startsWith('-')), json: argv.includes('--json') };
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    } catch (error) {
      throw new CliError((error as Error).message, EXIT_CODES.usage);
    }
    const [command, file, ...extra] = parsed.positionals;
    context = { ...context, command };
    if (parsed.values.help) return (io.stdout(`${(command && COMMAND_HELP[command]) || GENERAL_HELP}\n`), EXIT_CODES.ok);
    checkUsage(command, file, extra);
    const input = commandInput(parsed.values, file, env, io, signal ?? stopOnSignals());
    context = { ...context, database: targetOf(command as string, input) };
    announceDatabase(io, context);
    return writeReport(io, context, await COMMANDS[command as string]!(input));
  } catch (error) {
    const usage = error instanceof CliError && error.exitCode === EXIT_CODES.usage;
    const command = context.command && COMMANDS[context.command] ? `${context.command} ` : '';
    return writeFailure(io, context, error, usage ? `\nRun \`npm run db -- ${command}--help\` for usage.` : '');
  }
}
