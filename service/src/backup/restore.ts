import path from 'node:path';
import { databaseName, withDatabase } from '../db/postgres-url';
import { countUserRelations, openClient, readServerVersion } from './database-facts';
import { assertDumpMatchesManifest, isVerified, readManifest, type Manifest } from './manifest';
import { EXIT_CODES } from '../exit-codes';
import { BackupError, VerificationError } from './errors';
import { resolveTool, serverMajor } from './pg-tools';
import type { ProgressSink } from './progress';
import { assertMatchesManifest, restoreArchive } from './restore-archive';
import { restoreRequirement } from './verify';
import { describeDatabase } from '../redact';

type Env = Record<string, string | undefined>;

export interface RestoreOptions {
  readonly dumpPath: string;
  readonly targetUrl: string;
  /** Restore over a database that already holds tables (objects in the backup are dropped and recreated). */
  readonly force?: boolean;
  /** Restore a backup whose manifest records no passed verification, or that has no manifest. */
  readonly skipVerify?: boolean;
  /** Create the target database first when it does not exist. */
  readonly create?: boolean;
  readonly withOwners?: boolean;
  readonly docker?: boolean;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly env?: Env;
}

export interface RestoreResult {
  readonly manifest?: Manifest;
  readonly target: string;
  readonly replacedExisting: boolean;
  readonly checked: boolean;
  readonly durationMs: number;
}

const VERIFY_FIRST = 'run `npm run db -- verify FILE` first, or pass --skip-verify to restore it unproven';

async function manifestForRestore(dumpPath: string, skipVerify: boolean): Promise<Manifest | undefined> {
  const manifest = await readManifest(dumpPath).catch((error: Error) => {
    if (skipVerify && error instanceof VerificationError) return undefined;
    throw new BackupError(`refusing to restore: ${error.message} To restore it anyway, pass --skip-verify.`, EXIT_CODES.refused);
  });
  if (manifest && !skipVerify && !isVerified(manifest)) {
    throw new BackupError(
      `refusing to restore ${path.basename(dumpPath)}: its manifest records no passed verification; ${VERIFY_FIRST}.`,
      EXIT_CODES.refused,
    );
  }
  if (manifest) await assertDumpMatchesManifest(dumpPath, manifest);
  return manifest;
}

// The backup was proven before; a mismatch now is about the target, so it is no "bad backup" (exit 3).
function checkFailed(error: Error, target: string, replacedExisting: boolean): never {
  const hint = replacedExisting
    ? ' --force replaces only the objects in the backup; drop the others by hand, or restore into a new database.'
    : '';
  throw new BackupError(`restored into ${target}, but ${error.message}.${hint}`);
}

async function createDatabaseIfMissing(targetUrl: string): Promise<void> {
  const name = databaseName(targetUrl);
  const admin = await openClient(withDatabase(targetUrl, 'postgres'), 'the maintenance database, to create the target');
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }
}

/** How many user relations the target holds, and the pg_restore version it and the backup need. */
async function inspectTarget(
  targetUrl: string,
  manifest: Manifest | undefined,
): Promise<{ relations: number; required: { version: string; major: number } }> {
  const client = await openClient(targetUrl, 'the restore target');
  try {
    const server = await readServerVersion(client);
    const required = manifest ? restoreRequirement(manifest, server) : { version: server.version, major: serverMajor(server.versionNum) };
    return { relations: await countUserRelations(client), required };
  } finally {
    await client.end();
  }
}

/**
 * Restores a verified backup into `targetUrl`, then checks its row counts and migrations against
 * the manifest. A target that already holds tables is refused unless --force: restoring over a
 * database by mistake is the one error a backup tool must not make easy.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const dumpPath = path.resolve(options.dumpPath);
  const target = describeDatabase(options.targetUrl);
  const manifest = await manifestForRestore(dumpPath, options.skipVerify === true);
  if (options.create) await createDatabaseIfMissing(options.targetUrl);
  const { relations, required } = await inspectTarget(options.targetUrl, manifest);
  if (relations > 0 && !options.force) {
    throw new BackupError(
      `refusing to restore into ${target}: it is not empty (${relations} tables, views or sequences). Restore into a new database, or pass --force to replace the objects in the backup.`,
      EXIT_CODES.refused,
    );
  }
  const replacedExisting = relations > 0;
  const tool = await resolveTool('pg_restore', required, options);
  const archive = { runner: tool.runner, env: options.env, progress: options.progress, signal: options.signal };
  await restoreArchive(dumpPath, options.targetUrl, archive, { clean: replacedExisting, withOwners: options.withOwners });
  if (manifest) {
    await assertMatchesManifest(options.targetUrl, manifest).catch((error: Error) => checkFailed(error, target, replacedExisting));
  }
  return { manifest, target, replacedExisting, checked: manifest !== undefined, durationMs: Math.round(performance.now() - started) };
}
