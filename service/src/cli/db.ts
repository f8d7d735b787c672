import { parseArgs } from 'node:util';
import { COMMANDS, type CommandInput } from './db-commands';
import { COMMAND_HELP, GENERAL_HELP } from './db-help';
import { OpsError } from '../ops/ops-error';
import { redactConnectionString } from '../redact';

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
} as const;

const TAKES_FILE = new Set(['verify', 'restore']);

function usageError(message: string, command?: string): number {
  process.stderr.write(`${message}\n\n${(command && COMMAND_HELP[command]) || GENERAL_HELP}\n`);
  return 2;
}

function parseKeep(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new OpsError(`--keep must be a whole number of at least 1 (got ${JSON.stringify(raw)}).`, 2);
  return Number(raw);
}

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

function commandInput(values: Values, file: string | undefined, showProgress: boolean): CommandInput {
  return {
    file,
    dir: values.dir ?? (process.env.BACKUP_DIR || 'backups'),
    docker: values.docker === true,
    keep: parseKeep(values.keep),
    target: values.target,
    server: values.server,
    force: values.force === true,
    skipVerify: values['skip-verify'] === true,
    create: values.create === true,
    withOwners: values['with-owners'] === true,
    progress: showProgress ? (line) => process.stderr.write(`  ${redactConnectionString(line)}\n`) : undefined,
    env: process.env,
    signal: stopOnSignals(),
  };
}

/**
 * Ctrl-C or a cancelled CI job stops the running tool instead of killing this process outright,
 * so the command's own cleanup runs: `.partial` files are removed, throwaway databases dropped.
 */
function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new OpsError(`stopped by ${signal}; nothing half-written was kept`)));
  }
  return controller.signal;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values } = parsed;
  const [command, file, ...extra] = parsed.positionals;
  if (values.help) {
    process.stdout.write(`${(command && COMMAND_HELP[command]) || GENERAL_HELP}\n`);
    return 0;
  }
  if (!command || !COMMANDS[command]) return usageError(command ? `Unknown command: ${command}` : 'No command given.');
  if (TAKES_FILE.has(command) ? !file || extra.length > 0 : file !== undefined) {
    return usageError(TAKES_FILE.has(command) ? `${command} needs exactly one backup FILE.` : `${command} takes no arguments.`, command);
  }
  const json = values.json === true;
  const showProgress = values.progress === true || (values.progress === undefined && process.stderr.isTTY);
  try {
    const input = commandInput(values, file, showProgress);
    const output = await COMMANDS[command](input);
    process.stdout.write(`${json ? JSON.stringify({ command, ...output.data }) : output.human}\n`);
    return 0;
  } catch (error) {
    const message = redactConnectionString((error as Error).message);
    const exitCode = error instanceof OpsError ? error.exitCode : 1;
    if (json) process.stdout.write(`${JSON.stringify({ command, ok: false, exitCode, error: message })}\n`);
    process.stderr.write(`db ${command} failed: ${message}\n`);
    return exitCode;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
