import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { libpqEnv } from '../../../src/backup/connection';
import { toolBinary } from '../../../src/backup/pg-tools';
import { takeBackup } from '../../../src/backup/take-backup';
import { seedSampleData } from '../../support/backup-fixtures';
import { createEmptyDatabase } from '../../support/test-database';
import { query, runCli, testEnv } from '../../migrator/support/migrate-runs';

export const FIRST_MIGRATION = '20251125000000-create-items.js';

export type EmptyDatabase = Awaited<ReturnType<typeof createEmptyDatabase>>;

/** A database as production looks before the expand/contract release: items created, with rows. */
export async function databaseBeforeExpand(items: number): Promise<EmptyDatabase> {
  const db = await createEmptyDatabase();
  const run = await runCli(['up', '--to', FIRST_MIGRATION], testEnv(db.url));
  if (run.code !== 0) throw new Error(`could not prepare the database: ${run.stderr}`);
  if (items > 0) await seedSampleData(db.url, items);
  return db;
}

/** A backup of `url` in `dir`, as the deploy takes it; returns the dump's path. */
export async function backupOf(url: string, dir: string): Promise<string> {
  return (await takeBackup({ databaseUrl: url, dir })).dumpPath;
}

/** Throwaway databases a command announced on stderr. */
export function throwawaysIn(stderr: string): string[] {
  return [...stderr.matchAll(/throwaway database (migrate_plan_[0-9a-f]+)/g)].map((match) => match[1] as string);
}

export async function databaseExists(url: string, name: string): Promise<boolean> {
  return (await query(url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

/** Everything a plan must leave alone: the whole schema as pg_dump prints it, history and audit. */
export async function targetState(url: string): Promise<{ schema: string; history: unknown[]; audit: unknown[] }> {
  const { stdout } = await promisify(execFile)(toolBinary('pg_dump'), ['--schema-only', '--no-owner'], { env: libpqEnv(url) });
  return {
    // pg_dump 15.14+ wraps its output in \restrict with a random key per run.
    schema: stdout.replace(/^\\(un)?restrict .*$/gm, ''),
    history: await query(url, 'SELECT name FROM "SequelizeMeta" ORDER BY name'),
    audit: await query(url, 'SELECT * FROM migration_audit ORDER BY id'),
  };
}
