import { execFile } from 'node:child_process';
import { Client } from 'pg';
import { runMigrateCli } from '../../../src/cli/migrate/main';
import { compiledFile, REPOSITORY_ROOT } from '../../support/compiled';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON object printed with --json (last stdout line), if any. */
  readonly json: Record<string, unknown> | undefined;
}

function lastJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Fast settings for tests: short waits, quick retries. Override per test. */
export function testEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, DATABASE_URL: databaseUrl, MIGRATE_RETRY_DELAY_MS: '50', MIGRATE_ACTOR: 'jest', ...extra };
}

/** The CLI in this process, from the TypeScript source. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runMigrateCli(args, env, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr, json: lastJson(stdout) };
}

/** The compiled CLI as its own process: what the production image runs. */
export function runCompiledCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const cli = compiledFile('service/src/cli/migrate.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env, cwd: REPOSITORY_ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, json: lastJson(stdout) });
    });
  });
}

export async function query<T extends object = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function historyNames(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(url, 'SELECT name FROM "SequelizeMeta" ORDER BY name');
  return rows.map((row) => row.name);
}

export async function auditRows(url: string): Promise<{ name: string; event: string; checksum: string | null; applied_by: string }[]> {
  return query(url, 'SELECT name, event, checksum, applied_by FROM migration_audit ORDER BY id');
}
