import { describeExitCodes, type ExitCodeName } from '../../exit-codes';

export const GENERAL_HELP = `Usage: npm run db -- <command> [options]      (make db-backup, db-verify, db-restore)

Commands:
  backup              pg_dump the DATABASE_URL database to backups/ with a manifest
  verify FILE         prove a backup by restoring it into a throwaway database
  restore FILE        restore a verified backup into --target
  list                list the backups in the folder, newest first
  prune --keep N      delete all but the newest N backups (never the newest verified one)

Common options:
  --dir DIR           backup folder (default: BACKUP_DIR or ./backups)
  --docker            run pg_dump / pg_restore from the postgres:<server major> image
  --progress          show progress on stderr (default when stderr is a terminal)
  --json              one JSON object on stdout, for scripts
  -h, --help          help; \`npm run db -- <command> --help\` for one command

Environment (shell first, then .env): DATABASE_URL (the database to back up; the server verify
uses), PG_DUMP and PG_RESTORE (binaries to use instead of those on PATH), DOCKER (docker binary),
PG_TOOLS_IMAGE (image for --docker, default postgres:<server major>), BACKUP_DIR,
LOCAL_DATABASE_HOSTS (hosts besides this machine that are not production).

Every report names the database it works on (host:port/name, never the password).

${describeExitCodes()}`;

const OWN_HELP: Record<string, string> = {
  backup: `Usage: npm run db -- backup [--dir DIR] [--keep N] [--docker] [--progress] [--json]

Dumps DATABASE_URL with pg_dump --format=custom to <dir>/<db>-<UTC time>-<git sha>.dump and writes
<same name>.manifest.json: sha256, size, versions, per-table row counts taken in the dump's own
snapshot, applied migrations and the backup id. Files are written under a .partial name first.
  --keep N            afterwards, delete all but the newest N backups (the newest verified one stays)`,
  verify: `Usage: npm run db -- verify FILE [--server URL] [--docker] [--progress] [--json]

Checks FILE against its manifest (size, sha256), reads it with pg_restore --list, restores it into a
throwaway database, compares row counts and applied migrations, then drops that database. A pass is
recorded in the manifest. Exit code 6 when the backup is bad.
  --server URL|VAR    server for the throwaway database (default: DATABASE_URL)`,
  restore: `Usage: npm run db -- restore FILE --target URL|VAR [--force] [--skip-verify] [--create] [--yes] [--json]

Restores FILE into the target database in one transaction, then checks row counts and migrations
against the manifest. Give the target as the name of an environment variable holding the URL
(e.g. --target RESTORE_URL) to keep its password out of the process list.
  --force             restore over a database that already has tables (replaces the backup's objects)
  --skip-verify       restore a backup that was never verified, or has no manifest
  --create            create the target database when it does not exist
  --with-owners       keep the original owners and grants (the roles must exist on the target)
  --yes               restore into a database that looks like production (another machine, NODE_ENV=production,
                      or "prod" in its name); refused otherwise`,
  list: `Usage: npm run db -- list [--dir DIR] [--json]

Lists backups newest first with size, verification state and id.`,
  prune: `Usage: npm run db -- prune --keep N [--dir DIR] [--json]

Deletes all but the newest N backups and their manifests. The newest verified backup is always kept.`,
};

const EXIT_CODES_OF: Record<string, readonly ExitCodeName[]> = {
  backup: ['ok', 'failed', 'usage', 'database', 'missingTool'],
  verify: ['ok', 'failed', 'usage', 'database', 'badBackup', 'missingTool'],
  restore: ['ok', 'failed', 'usage', 'refused', 'database', 'badBackup', 'missingTool'],
  list: ['ok', 'failed', 'usage'],
  prune: ['ok', 'failed', 'usage'],
};

/** Each command's usage, options and the exit codes it can end with. */
export const COMMAND_HELP: Record<string, string> = Object.fromEntries(
  Object.entries(OWN_HELP).map(([name, help]) => [name, `${help}\n\n${describeExitCodes(EXIT_CODES_OF[name])}`]),
);
