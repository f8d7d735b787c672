import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT_CODES } from '../exit-codes';
import type { DatabaseFacts } from './database-facts';
import { BackupError, VerificationError } from './errors';

export const MANIFEST_FORMAT = 1;
export const DUMP_SUFFIX = '.dump';
export const MANIFEST_SUFFIX = '.manifest.json';

export interface Verification {
  readonly verifiedAt: string;
  readonly sha256: string;
  readonly durationMs: number;
  readonly pgRestoreVersion: string;
}

/** Everything a later verify or restore needs to prove a dump is whole; never holds a password. */
export interface Manifest extends DatabaseFacts {
  readonly format: typeof MANIFEST_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly database: string;
  /** host:port/database of the source, without credentials. */
  readonly source: string;
  readonly gitSha: string;
  readonly dumpFile: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly serverVersion: string;
  readonly serverVersionNum: number;
  readonly pgDumpVersion: string;
  readonly durationMs: number;
  readonly verification?: Verification;
}

export function manifestPathFor(dumpPath: string): string {
  const base = dumpPath.endsWith(DUMP_SUFFIX) ? dumpPath.slice(0, -DUMP_SUFFIX.length) : dumpPath;
  return `${base}${MANIFEST_SUFFIX}`;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Written under a temporary name and renamed, so a reader never sees half a manifest. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
}

function assertManifestShape(value: unknown, file: string): asserts value is Manifest {
  const m = value as Partial<Manifest> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    m.format === MANIFEST_FORMAT &&
    typeof m.id === 'string' &&
    typeof m.sha256 === 'string' &&
    typeof m.sizeBytes === 'number' &&
    typeof m.tables === 'object' &&
    Array.isArray(m.migrations);
  if (!ok) throw new VerificationError(`${path.basename(file)} is not a backup manifest of format ${MANIFEST_FORMAT}; take a new backup.`);
}

/** A backup named on the command line that does not exist is a usage mistake, not a bad backup. */
export function assertBackupFileExists(dumpPath: string): void {
  if (existsSync(dumpPath)) return;
  throw new BackupError(`${dumpPath}: no such backup file. \`npm run db -- list\` shows the backups in the folder.`, EXIT_CODES.usage);
}

/** The manifest beside a dump; its absence means the backup never finished. */
export async function readManifest(dumpPath: string): Promise<Manifest> {
  assertBackupFileExists(dumpPath);
  const file = manifestPathFor(dumpPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new BackupError(`cannot read ${file}: ${(error as Error).message}`);
    throw new VerificationError(`${path.basename(file)} is missing: this dump has no manifest, so nothing proves it is whole.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VerificationError(`${path.basename(file)} is not valid JSON; the manifest is damaged.`);
  }
  assertManifestShape(parsed, file);
  return parsed;
}

/** True when a verification was recorded for exactly this dump content. */
export function isVerified(manifest: Manifest): boolean {
  return manifest.verification?.sha256 === manifest.sha256;
}

/** Size first (a truncated copy fails fast and says so), then the sha256 of every byte. */
export async function assertDumpMatchesManifest(dumpPath: string, manifest: Manifest): Promise<void> {
  const name = path.basename(dumpPath);
  const info = await stat(dumpPath).catch(() => undefined);
  if (!info) throw new VerificationError(`${name} does not exist.`);
  if (info.size !== manifest.sizeBytes) {
    const how = info.size < manifest.sizeBytes ? 'truncated' : 'longer than recorded';
    throw new VerificationError(`${name} is ${how}: ${info.size} bytes, the manifest says ${manifest.sizeBytes}. Use another backup.`);
  }
  const actual = await sha256File(dumpPath);
  if (actual !== manifest.sha256) {
    throw new VerificationError(
      `${name} is corrupted or not the dump of manifest ${manifest.id}: sha256 ${actual}, the manifest says ${manifest.sha256}. Use another backup.`,
    );
  }
}
