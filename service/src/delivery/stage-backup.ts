import path from 'node:path';
import { takeBackup } from '../backup/take-backup';
import { manifestPathFor } from '../backup/manifest';
import { formatBytes } from '../backup/progress';
import { verifyBackup } from '../backup/verify';
import { describeDatabase, redactConnectionString } from '../redact';
import { identity, type DeployContext } from './deploy-context';
import { forgetLaterStages, writeState, type BackupState } from './deploy-state';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';

export function backupDir(ctx: DeployContext): string {
  return path.join(ctx.stateDir, 'backup');
}

/**
 * Stage 1: pg_dump of the target with the backup tool, proven by a full restore into a throwaway
 * database. Nothing after it runs without the backup.json this writes, and it is written only
 * once the restore matched the manifest.
 */
export async function backupStage(ctx: DeployContext): Promise<BackupState & { backupFile: string }> {
  const options = { progress: (line: string) => ctx.progress(`  ${line}`), env: ctx.env };
  await forgetLaterStages(ctx.stateDir, 'backup');
  ctx.progress(`backup: pg_dump of ${describeDatabase(ctx.databaseUrl)} ...`);
  try {
    const taken = await takeBackup({ ...options, databaseUrl: ctx.databaseUrl, dir: backupDir(ctx) });
    ctx.progress(
      `backup: ${taken.manifest.id} written (${formatBytes(taken.manifest.sizeBytes)}); proving it by a restore on ${describeDatabase(ctx.verifyUrl)} ...`,
    );
    const verified = await verifyBackup({ ...options, dumpPath: taken.dumpPath, serverUrl: ctx.verifyUrl });
    const state: BackupState = {
      ...identity(ctx),
      backupId: verified.manifest.id,
      dumpFile: path.basename(taken.dumpPath),
      manifestFile: path.basename(manifestPathFor(taken.dumpPath)),
      sizeBytes: verified.manifest.sizeBytes,
      verifiedAt: verified.manifest.verification?.verifiedAt ?? '',
    };
    await writeState(ctx.stateDir, 'backup', state);
    ctx.progress(`backup: verified in ${verified.durationMs} ms (restored and matched the manifest's row counts)`);
    return { ...state, backupFile: taken.dumpPath };
  } catch (error) {
    const why = redactConnectionString(error instanceof Error ? error.message : String(error));
    throw new DeliveryError(
      `backup of ${ctx.environment} failed: ${why} Nothing was migrated or promoted; fix the backup before deploying.`,
      DELIVERY_EXIT.backup,
    );
  }
}
