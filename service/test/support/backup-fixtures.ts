import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runDbCli as runDbCliInProcess } from '../../src/cli/db/main';
import { readServerVersion } from '../../src/backup/database-facts';
import { manifestPathFor, type Manifest } from '../../src/backup/manifest';
import { assertToolCanServe, readToolVersion, serverMajor } from '../../src/backup/pg-tools';
import { describeDatabase } from '../../src/redact';
import { REPOSITORY_ROOT } from './compiled';
import type { CliRun } from './cli-run';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The one place the suite checks that the local pg_dump / pg_restore can serve the test server.
 * A newer server is a failure naming the fix, never a skip: a green run must mean backups work.
 */
export async function assertBackupToolsServeTestServer(adminUrl = process.env.TEST_ADMIN_URL ?? ''): Promise<void> {
  const server = await withClient(adminUrl, readServerVersion);
  const major = serverMajor(server.versionNum);
  const fix =
    `Install the PostgreSQL ${major} (or newer) client tools: apt-get install postgresql-client-${major} (Debian, Ubuntu), ` +
    `brew install libpq && brew link --force libpq (macOS), or set PG_DUMP and PG_RESTORE to such binaries.`;
  let tools;
  try {
    tools = { pg_dump: await readToolVersion('pg_dump'), pg_restore: await readToolVersion('pg_restore') };
  } catch (error) {
    throw new Error(`The backup tests need pg_dump and pg_restore on PATH: ${(error as Error).message.split('. ')[0]}. ${fix}`, {
      cause: error,
    });
  }
  try {
    assertToolCanServe('pg_dump', tools.pg_dump, { version: server.version, major });
    assertToolCanServe('pg_restore', tools.pg_restore, { version: server.version, major });
  } catch (error) {
    throw new Error(
      `The backup tests need pg_dump and pg_restore at least as new as the test server, PostgreSQL ${server.version} at ` +
        `${describeDatabase(adminUrl)}, but ${(error as Error).message.split(';')[0]}. ${fix} ` +
        `Or run the suite against a PostgreSQL ${tools.pg_dump.major} server with TEST_DATABASE_URL=postgres://...`,
      { cause: error },
    );
  }
}

/**
 * The backup tests' own table, in the shape of a resource's (serial id, a check, a default): the
 * tests count, change and compare its rows, so they hold whichever resources a fork has or removed.
 */
const SAMPLE_TABLE = `
  CREATE TABLE backup_rows (
    id serial PRIMARY KEY,
    name varchar(200) NOT NULL,
    description varchar(2000),
    price_cents integer NOT NULL CONSTRAINT backup_rows_price_cents_non_negative CHECK (price_cents >= 0),
    quantity integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`;

/** Creates backup_rows without rows: a table of known name for tests that only need one to dump. */
export async function createSampleTable(url: string): Promise<void> {
  await withClient(url, (client) => client.query(SAMPLE_TABLE));
}

/** Rows of every shape pg_dump must carry: nulls, quotes, unicode, long text, and a second table of other types. */
export async function seedSampleData(url: string, rows = 50): Promise<void> {
  await createSampleTable(url);
  await withClient(url, async (client) => {
    await client.query(
      `INSERT INTO backup_rows (name, description, price_cents, quantity, created_at, updated_at)
       SELECT 'row ' || g || CASE WHEN g % 7 = 0 THEN ' ''quoted'' ünïcødé ✓' ELSE '' END,
              CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('d', g % 50) || E'\\ttab\\nnewline' END,
              g * 13, g % 11, timestamptz '2026-01-01' + g * interval '1 minute', now()
       FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
    await client.query(
      `CREATE TABLE extra_types (id bigserial PRIMARY KEY, doc jsonb, raw bytea, amount numeric(20, 6), tags text[], at timestamptz)`,
    );
    await client.query(
      `INSERT INTO extra_types (doc, raw, amount, tags, at) VALUES
       ('{"a": [1, 2, {"b": null}]}', '\\x00ff10', 12345678901234.123456, ARRAY['x', 'y z'], '2026-11-25T12:00:00Z'),
       (NULL, NULL, NULL, NULL, NULL)`,
    );
  });
}

/** md5 of every table's rows in a stable order, and every sequence's position: equal maps mean equal data. */
export async function contentChecksums(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ qualified: string; kind: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS qualified, c.relkind AS kind FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
    );
    const sums: Record<string, string> = {};
    for (const { qualified, kind } of rows) {
      const sql =
        kind === 'S'
          ? `SELECT last_value || ':' || is_called AS sum FROM ${qualified}`
          : `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${qualified} t`;
      sums[qualified] = (await client.query<{ sum: string }>(sql)).rows[0]?.sum ?? '';
    }
    return sums;
  });
}

export function makeTempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `npm run db -- ...` the way a person does (without npm's banner), with exactly the given environment. */
export function startDbCli(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/cli/db.ts', ...args], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, done };
}

/**
 * The db CLI in this process, from the TypeScript source, with exactly the given environment:
 * what `startDbCli` runs, without a process start per call. Signals are the process tests' business.
 */
export async function runDbCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  const code = await runDbCliInProcess(args, { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, io, new AbortController().signal);
  return { code, stdout, stderr };
}

/** Resolves once `file` exists; the test's own timeout bounds the wait. */
export async function waitForFile(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A copy of a backup (dump and manifest) under another name, for tests that damage one. */
export function copyBackup(dumpPath: string, dir: string, name: string): string {
  const target = path.join(dir, `${name}.dump`);
  copyFileSync(dumpPath, target);
  copyFileSync(manifestPathFor(dumpPath), manifestPathFor(target));
  return target;
}

/** Rewrites fields of a manifest in place, as a careless or malicious hand would. */
export function editManifest(dumpPath: string, edit: (manifest: Manifest) => Manifest): void {
  const file = manifestPathFor(dumpPath);
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Manifest)));
}
