import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from 'pg';
import { backupId, currentGitSha, dumpFileName } from './naming';
import { databaseName } from '../db/postgres-url';
import { libpqEnv } from './connection';
import { openClient, readDatabaseFacts, readServerVersion } from './database-facts';
import { manifestPathFor, MANIFEST_FORMAT, sha256File, writeManifest, type Manifest } from './manifest';
import { BackupError } from './errors';
import { buildToolCommand, resolveTool, serverMajor, type ToolRunner } from './pg-tools';
import { perTableLines, watchFileGrowth, type ProgressSink } from './progress';
import { runTool } from './run-tool';
import { describeDatabase } from '../redact';

type Env = Record<string, string | undefined>;

export interface BackupOptions {
  readonly databaseUrl: string;
  readonly dir: string;
  readonly docker?: boolean;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly env?: Env;
}

export interface BackupResult {
  readonly manifest: Manifest;
  readonly dumpPath: string;
  readonly manifestPath: string;
}

async function exportSnapshot(client: Client): Promise<string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
  return rows[0]?.id ?? '';
}

async function dump(options: BackupOptions, runner: ToolRunner, snapshot: string, file: string): Promise<void> {
  const args = ['--format=custom', `--snapshot=${snapshot}`, '--no-password', '--verbose', `--file=${file}`];
  const env = libpqEnv(options.databaseUrl, options.env);
  const stopWatching = options.progress ? watchFileGrowth(file, options.progress) : () => undefined;
  try {
    await runTool(buildToolCommand('pg_dump', args, env, runner, [path.dirname(file)]), {
      onLine: perTableLines(options.progress),
      signal: options.signal,
    });
  } finally {
    stopWatching();
  }
}

/** Creates the .partial file exclusively, so two backups started in the same second cannot share a name. */
async function claimName(dumpPath: string, partial: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const taken = () =>
    new BackupError(`${path.basename(dumpPath)} already exists or is being written; backups are named to the second, try again.`);
  if (await stat(dumpPath).catch(() => undefined)) throw taken();
  await writeFile(partial, '', { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? taken() : error;
  });
}

type DumpFacts = Omit<Manifest, 'id' | 'createdAt' | 'gitSha'>;

async function dumpWithFacts(options: BackupOptions, partial: string): Promise<DumpFacts> {
  const client = await openClient(options.databaseUrl, 'the database to back up');
  try {
    const server = await readServerVersion(client);
    const tool = await resolveTool('pg_dump', { version: server.version, major: serverMajor(server.versionNum) }, options);
    const snapshot = await exportSnapshot(client);
    const [facts] = await Promise.all([readDatabaseFacts(client), dump(options, tool.runner, snapshot, partial)]);
    await client.query('COMMIT');
    // A dump holds every row of the database: readable by its owner only, like the manifest.
    await chmod(partial, 0o600);
    return {
      format: MANIFEST_FORMAT,
      database: databaseName(options.databaseUrl),
      source: describeDatabase(options.databaseUrl),
      dumpFile: path.basename(partial),
      sizeBytes: (await stat(partial)).size,
      sha256: await sha256File(partial),
      serverVersion: server.version,
      serverVersionNum: server.versionNum,
      pgDumpVersion: tool.version,
      durationMs: 0,
      ...facts,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * pg_dump --format=custom of one database plus a manifest. Row counts are taken in the very
 * snapshot pg_dump reads (exported from a REPEATABLE READ transaction held open throughout),
 * so they describe the dump exactly even while the application keeps writing. The dump gets
 * its final name last: an interrupted backup leaves only `.partial` files behind.
 */
export async function takeBackup(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const startedAt = new Date();
  const gitSha = currentGitSha(options.env);
  const id = backupId(databaseName(options.databaseUrl), startedAt, gitSha);
  const dumpPath = path.resolve(options.dir, dumpFileName(id));
  const partial = `${dumpPath}.partial`;
  await claimName(dumpPath, partial, options.dir);
  try {
    const manifest: Manifest = { ...(await dumpWithFacts(options, partial)), id, createdAt: startedAt.toISOString(), gitSha };
    const final = { ...manifest, dumpFile: path.basename(dumpPath), durationMs: Math.round(performance.now() - started) };
    await writeManifest(manifestPathFor(dumpPath), final);
    await rename(partial, dumpPath);
    return { manifest: final, dumpPath, manifestPath: manifestPathFor(dumpPath) };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
