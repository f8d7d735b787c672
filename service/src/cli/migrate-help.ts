import { COMMANDS } from './migrate-commands';

const COMMON_OPTIONS = `Options for every command:
  --json                    one JSON object on stdout (progress goes to stderr)
  --migrations-dir DIR      migrations to use (env MIGRATIONS_DIR; default migrations/, or dist/migrations compiled)
  --lock-wait MS            how long to wait for the migration lock (env MIGRATE_LOCK_WAIT_MS, default 60000)
  --lock-timeout MS         Postgres lock_timeout per statement (env MIGRATE_LOCK_TIMEOUT_MS, default 5000)
  --statement-timeout MS    Postgres statement_timeout per statement, 0 for none (env MIGRATE_STATEMENT_TIMEOUT_MS, default 900000)
  --lock-retries N          retries after a lock timeout, with doubling back-off (env MIGRATE_LOCK_RETRIES, default 3)
  -h, --help                this help, or a command's: migrate up --help`;

const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  a migration failed (nothing of it was kept, unless it ran outside a transaction), or lint found an error
  2  bad usage
  3  timed out waiting for the migration lock (another run holds it)
  4  refused: an applied migration was edited or deleted, or a pending one is out of order
  5  database unreachable or DATABASE_URL missing/invalid`;

const ENVIRONMENT = `Environment: DATABASE_URL (required for every command but create), MIGRATE_BACKUP_ID (or --backup-id),
GIT_SHA or GITHUB_SHA, MIGRATE_ACTOR or GITHUB_ACTOR (else the OS user), all written to migration_audit.`;

export const HELP = `Usage: npm run migrate -- <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

${COMMON_OPTIONS}

${ENVIRONMENT}

${EXIT_CODES_HELP}

How to write, run, review and undo migrations: docs/migrations.md`;

export function commandHelp(name: string): string {
  const command = COMMANDS[name];
  if (!command) return HELP;
  return `Usage: npm run migrate -- ${command.usage} [options]\n\n${command.summary}.\n${command.help}\n\n${COMMON_OPTIONS}\n\n${EXIT_CODES_HELP}`;
}
