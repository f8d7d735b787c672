import path from 'node:path';
import { databaseName } from '../db/postgres-url';
import { libpqEnv } from './connection';
import { compareFacts, openClient, readDatabaseFacts } from './database-facts';
import type { Manifest } from './manifest';
import { VerificationError } from './errors';
import { buildToolCommand, type ToolRunner } from './pg-tools';
import { perTableLines, type ProgressSink } from './progress';
import { runTool } from './run-tool';

type Env = Record<string, string | undefined>;

export interface ArchiveTool {
  readonly runner: ToolRunner;
  readonly env?: Env;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
}

/** pg_restore --list reads the whole table of contents; a damaged header or TOC fails here. */
export async function listArchive(dumpPath: string, tool: ArchiveTool): Promise<number> {
  const command = buildToolCommand('pg_restore', ['--list', dumpPath], { ...(tool.env ?? process.env) }, tool.runner, [
    path.dirname(dumpPath),
  ]);
  try {
    const listing = await runTool(command, { captureStdout: true, signal: tool.signal });
    return listing.split('\n').filter((line) => line && !line.startsWith(';')).length;
  } catch (error) {
    if (tool.signal?.aborted) throw error;
    throw new VerificationError(`pg_restore cannot read ${path.basename(dumpPath)}: ${(error as Error).message}`);
  }
}

/**
 * One transaction, stopping at the first error: a restore either lands whole or changes
 * nothing. Owners and grants are left out unless asked for, because the roles of the source
 * rarely exist where a copy is restored; the restoring user owns what it creates.
 */
export async function restoreArchive(
  dumpPath: string,
  targetUrl: string,
  tool: ArchiveTool,
  options: { clean?: boolean; withOwners?: boolean } = {},
): Promise<void> {
  const args = ['--exit-on-error', '--single-transaction', '--no-password', '--verbose', `--dbname=${databaseName(targetUrl)}`];
  if (options.clean) args.push('--clean', '--if-exists');
  if (!options.withOwners) args.push('--no-owner', '--no-acl');
  const env = libpqEnv(targetUrl, tool.env);
  await runTool(buildToolCommand('pg_restore', [...args, dumpPath], env, tool.runner, [path.dirname(dumpPath)]), {
    onLine: perTableLines(tool.progress),
    signal: tool.signal,
  });
}

/** Row counts and applied migrations of a restored database against its manifest; throws on any difference. */
export async function assertMatchesManifest(targetUrl: string, manifest: Manifest): Promise<void> {
  const client = await openClient(targetUrl, 'the restored database');
  try {
    const problems = compareFacts(manifest, await readDatabaseFacts(client));
    if (problems.length > 0)
      throw new VerificationError(`the restored copy does not match manifest ${manifest.id}: ${problems.join('; ')}`);
  } finally {
    await client.end();
  }
}
