import { describeExitCodes } from '../../exit-codes';
import { COMMANDS } from './commands';

/** Options of the commands that take the migration lock or run migrations. */
export const LOCK_OPTIONS = ['lock-wait', 'lock-timeout', 'statement-timeout', 'lock-retries'];

const COMMON_OPTIONS = `  --json                    one JSON object on stdout (progress goes to stderr)
  --migrations-dir DIR      migrations to use (env MIGRATIONS_DIR; default migrations/, or dist/migrations compiled)
  -h, --help                this help`;

const LOCK_OPTIONS_HELP = `  --lock-wait MS            how long to wait for the migration lock (env MIGRATE_LOCK_WAIT_MS, default 60000)
  --lock-timeout MS         Postgres lock_timeout per statement (env MIGRATE_LOCK_TIMEOUT_MS, default 5000)
  --statement-timeout MS    Postgres statement_timeout per statement, 0 for none (env MIGRATE_STATEMENT_TIMEOUT_MS, default 900000)
  --lock-retries N          retries after a lock timeout, with doubling back-off (env MIGRATE_LOCK_RETRIES, default 3)`;

const ENVIRONMENT = `Environment (shell first, then .env): DATABASE_URL (required for every command but create), MIGRATE_BACKUP_ID
(or --backup-id), GIT_SHA or GITHUB_SHA, MIGRATE_ACTOR or GITHUB_ACTOR (else the OS user), all written to migration_audit.`;

export const HELP = `Usage: npm run migrate -- <command> [options]      (make migrate, migrate-status, ...)

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Options for every command:
${COMMON_OPTIONS}
Options of the commands that run migrations (up, down, repair, baseline, plan, lint, rehearse):
${LOCK_OPTIONS_HELP}

${ENVIRONMENT}

${describeExitCodes()}

Every report names the database it works on (host:port/name, never the password).
How to write, run, review and undo migrations: docs/migrations.md`;

/** One command's usage, its own options and the exit codes it can end with; nothing it does not take. */
export function commandHelp(name: string): string {
  const command = COMMANDS[name];
  if (!command) return HELP;
  const options = command.takesLock ? `${COMMON_OPTIONS}\n${LOCK_OPTIONS_HELP}` : COMMON_OPTIONS;
  return `Usage: npm run migrate -- ${command.usage} [options]\n\n${command.summary}.\n${command.help}\n\nOptions:\n${options}\n\n${describeExitCodes(command.exitCodes)}`;
}
