import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../backup/run-tool';
import { redactConnectionString } from '../redact';
import { identity, toolEnv, type DeployContext } from './deploy-context';
import { readState, writeState, type MigrateState } from './deploy-state';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';

const MIGRATE_IN_IMAGE = ['node', 'dist/service/src/cli/migrate.js', 'up'];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A database on the runner itself is reachable from a container only on the host's network. */
function networkArgs(ctx: DeployContext): string[] {
  const chosen = ctx.env.DEPLOY_DOCKER_NETWORK;
  if (chosen) return ['--network', chosen];
  return LOCAL_HOSTS.has(new URL(ctx.databaseUrl).hostname) ? ['--network', 'host'] : [];
}

/** DATABASE_URL reaches the container through a 0600 env-file, never on a command line. */
async function withEnvFile<T>(databaseUrl: string, work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-migrate-'));
  const file = path.join(dir, 'migrate.env');
  try {
    await writeFile(file, `DATABASE_URL=${databaseUrl}\n`, { mode: 0o600 });
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function appliedFrom(stdout: string): string[] {
  const last = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(last) as { applied?: { name: string }[] };
  return (parsed.applied ?? []).map((migration) => migration.name);
}

/**
 * Stage 3: the migration runner of the image being deployed, by digest, against the real
 * database: `docker run IMAGE node dist/service/src/cli/migrate.js up --backup-id <id>`. The
 * backup id lands in migration_audit. Runs only after a verified backup and a passed rehearsal.
 */
export async function migrateStage(ctx: DeployContext): Promise<MigrateState> {
  const backup = await readState(ctx.stateDir, 'backup', identity(ctx));
  const rehearsal = await readState(ctx.stateDir, 'rehearsal', identity(ctx));
  if (!rehearsal.lintPassed || rehearsal.backupId !== backup.backupId) {
    throw new DeliveryError(
      `the rehearsal of backup ${backup.backupId} did not pass; run \`make deploy-rehearse\` and fix what it reports.`,
      DELIVERY_EXIT.order,
    );
  }
  ctx.progress(`migrate: running the migration runner of ${ctx.image.reference} (backup ${backup.backupId}) ...`);
  const stdout = await withEnvFile(ctx.databaseUrl, (envFile) => {
    const args = ['run', '--rm', '--name', `deploy-migrate-${randomBytes(6).toString('hex')}`, '--env-file', envFile];
    args.push(
      '-e',
      'MIGRATE_ACTOR',
      ...networkArgs(ctx),
      ctx.image.reference,
      ...MIGRATE_IN_IMAGE,
      '--backup-id',
      backup.backupId,
      '--json',
    );
    const env = toolEnv(ctx, { MIGRATE_ACTOR: ctx.env.MIGRATE_ACTOR ?? ctx.env.GITHUB_ACTOR ?? `deploy:${ctx.environment}` });
    return runTool({ command: ctx.docker, args, env }, { captureStdout: true, onLine: (line) => ctx.progress(`  ${line}`) });
  }).catch((error: Error) => {
    throw new DeliveryError(
      `migration of ${ctx.environment} failed: ${redactConnectionString(error.message)} The overlay was not promoted. Restore from backup ${backup.backupId} if the database needs it (docs/backup-restore.md).`,
    );
  });
  const state: MigrateState = { ...identity(ctx), backupId: backup.backupId, applied: appliedFrom(stdout) };
  await writeState(ctx.stateDir, 'migrate', state);
  ctx.progress(`migrate: ${state.applied.length} migration(s) applied`);
  return state;
}
