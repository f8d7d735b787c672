import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DUMP_SUFFIX, isVerified, manifestPathFor, readManifest, type Manifest } from './manifest';
import { EXIT_CODES } from '../exit-codes';
import { BackupError } from './errors';

export interface BackupEntry {
  readonly id: string;
  readonly dumpPath: string;
  readonly manifestPath: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  readonly verified: boolean;
  readonly manifest?: Manifest;
  /** Why the entry has no usable manifest, when it has none. */
  readonly problem?: string;
}

async function describeEntry(dir: string, file: string): Promise<BackupEntry> {
  const dumpPath = path.join(dir, file);
  const info = await stat(dumpPath);
  const base = { id: file.slice(0, -DUMP_SUFFIX.length), dumpPath, manifestPath: manifestPathFor(dumpPath), sizeBytes: info.size };
  try {
    const manifest = await readManifest(dumpPath);
    return { ...base, id: manifest.id, createdAt: manifest.createdAt, verified: isVerified(manifest), manifest };
  } catch (error) {
    return { ...base, createdAt: info.mtime.toISOString(), verified: false, problem: (error as Error).message };
  }
}

/** Backups in `dir`, newest first. Files still being written end in `.partial` and are not listed. */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const files = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new BackupError(`cannot read the backup folder ${dir}: ${error.message}`);
  });
  const entries = await Promise.all(files.filter((file) => file.endsWith(DUMP_SUFFIX)).map((file) => describeEntry(dir, file)));
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * Keeps the newest `keep` backups and deletes the older ones with their manifests. The newest
 * verified backup always survives, even when newer unverified ones fill the quota: it may be the
 * only one that is known to restore.
 */
export async function pruneBackups(dir: string, keep: number): Promise<BackupEntry[]> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new BackupError(`--keep must be a whole number of at least 1 (got ${keep}).`, EXIT_CODES.usage);
  const entries = await listBackups(dir);
  const newestVerified = entries.find((entry) => entry.verified);
  const removed = entries.filter((entry, index) => index >= keep && entry !== newestVerified);
  for (const entry of removed) {
    await rm(entry.manifestPath, { force: true });
    await rm(entry.dumpPath, { force: true });
  }
  return removed;
}
