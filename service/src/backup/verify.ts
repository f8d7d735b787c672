import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withDatabase } from '../db/postgres-url';
import { openClient, readServerVersion } from './database-facts';
import { assertDumpMatchesManifest, manifestPathFor, readManifest, writeManifest, type Manifest } from './manifest';
import { VerificationError } from './errors';
import { resolveTool, serverMajor } from './pg-tools';
import type { ProgressSink } from './progress';
import { assertMatchesManifest, listArchive, restoreArchive } from './restore-archive';

type Env = Record<string, string | undefined>;

export interface VerifyOptions {
  readonly dumpPath: string;
  /** A server on which a throwaway database may be created and dropped. */
  readonly serverUrl: string;
  readonly docker?: boolean;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly env?: Env;
}

export interface VerifyResult {
  readonly manifest: Manifest;
  readonly archiveEntries: number;
  /** The database it was restored into (already dropped), for the record. */
  readonly throwawayDatabase: string;
  readonly durationMs: number;
}

/** pg_restore must read an archive of the source's pg_dump and talk to the target: it must be as new as both. */
export function restoreRequirement(
  manifest: Manifest,
  target: { version: string; versionNum: number },
): { version: string; major: number } {
  return manifest.serverVersionNum > target.versionNum
    ? { version: manifest.serverVersion, major: serverMajor(manifest.serverVersionNum) }
    : { version: target.version, major: serverMajor(target.versionNum) };
}

/**
 * Proves a backup by restoring it: checksum against the manifest, pg_restore --list, a full
 * restore into a throwaway database on the same server, then row counts and applied migrations
 * against the manifest. The throwaway database is dropped whatever happens. A pass is recorded
 * in the manifest, which is what `restore` and retention look for.
 */
export async function verifyBackup(options: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const dumpPath = path.resolve(options.dumpPath);
  const manifest = await readManifest(dumpPath);
  await assertDumpMatchesManifest(dumpPath, manifest);

  const admin = await openClient(options.serverUrl, 'the server for the throwaway database');
  const throwaway = `backup_verify_${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    const tool = await resolveTool('pg_restore', restoreRequirement(manifest, await readServerVersion(admin)), options);
    const archive = { runner: tool.runner, env: options.env, progress: options.progress, signal: options.signal };
    const archiveEntries = await listArchive(dumpPath, archive);
    // template0, as the PostgreSQL docs advise for restores: objects added to template1 would read as extra tables.
    await admin.query(`CREATE DATABASE "${throwaway}" TEMPLATE template0`);
    created = true;
    const url = withDatabase(options.serverUrl, throwaway);
    await restoreArchive(dumpPath, url, archive).catch((error: Error) => {
      if (options.signal?.aborted) throw error;
      throw new VerificationError(`restoring ${path.basename(dumpPath)} into a throwaway database failed: ${error.message}`);
    });
    await assertMatchesManifest(url, manifest);
    const durationMs = Math.round(performance.now() - started);
    const verified: Manifest = {
      ...manifest,
      verification: { verifiedAt: new Date().toISOString(), sha256: manifest.sha256, durationMs, pgRestoreVersion: tool.version },
    };
    await writeManifest(manifestPathFor(dumpPath), verified);
    return { manifest: verified, archiveEntries, throwawayDatabase: throwaway, durationMs };
  } finally {
    if (created) await admin.query(`DROP DATABASE IF EXISTS "${throwaway}" WITH (FORCE)`);
    await admin.end();
  }
}
