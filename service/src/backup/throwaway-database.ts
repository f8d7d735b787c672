import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withDatabase } from '../db/postgres-url';
import { openClient, readServerVersion } from './database-facts';
import { assertDumpMatchesManifest, readManifest, type Manifest } from './manifest';
import { resolveTool } from './pg-tools';
import type { ProgressSink } from './progress';
import { assertMatchesManifest, restoreArchive } from './restore-archive';
import { restoreRequirement } from './verify';

type Env = Record<string, string | undefined>;

/**
 * Runs `work` on a new, empty database on the server of `serverUrl`, and drops it afterwards
 * whatever happens (WITH (FORCE) ends sessions `work` left open). It never touches the database
 * that `serverUrl` names: that one only serves as the door to the server.
 */
export async function withThrowawayDatabase<T>(serverUrl: string, prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  const admin = await openClient(serverUrl, 'the server for the throwaway database');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    // template0, as for restores: objects added to template1 would show up as part of the plan's schema.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    created = true;
    return await work(withDatabase(serverUrl, name));
  } finally {
    if (created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

export interface RestoreCopyOptions {
  readonly progress?: ProgressSink;
  readonly docker?: boolean;
  readonly env?: Env;
}

/**
 * Restores a backup (checked against its manifest first) into an empty database and checks the
 * result against the manifest again, as `db verify` does, so a plan is never made on a bad copy.
 */
export async function restoreBackupInto(dumpPath: string, url: string, options: RestoreCopyOptions = {}): Promise<Manifest> {
  const dump = path.resolve(dumpPath);
  const manifest = await readManifest(dump);
  await assertDumpMatchesManifest(dump, manifest);
  const client = await openClient(url, 'the throwaway database');
  const server = await readServerVersion(client).finally(() => client.end());
  const tool = await resolveTool('pg_restore', restoreRequirement(manifest, server), options);
  await restoreArchive(dump, url, { runner: tool.runner, env: options.env, progress: options.progress });
  await assertMatchesManifest(url, manifest);
  return manifest;
}
