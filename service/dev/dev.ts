/* eslint-disable no-console -- a terminal program talking to the person who ran `make dev` */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded-postgres';
import { withDatabase } from '../src/db/postgres-url';
import { loadEnvFile } from '../src/env-file';
import { assertConfigValid, assertPortFree, DevError, embeddedFailure } from './dev-checks';
import { watchServer } from './dev-server';
import { RESOURCES } from '../src/resources';

const ROOT = path.resolve(__dirname, '../..');
const DEV_DATABASE = 'app_dev';
const HELP = `Usage: make dev   (or npm run dev)

Serves the API with reload on http://localhost:$PORT (default 3000), Swagger UI at /docs.
Reads .env when present (the shell wins). With DATABASE_URL set it uses that database; otherwise it
starts an embedded Postgres that keeps its data in .data/postgres (DEV_DATA_DIR; port DEV_DB_PORT, default 54329).
Pending migrations are applied first. Ctrl-C stops everything it started. When something cannot
start (a busy port, a bad setting, the database) it says why, stops what it started and exits non-zero.`;

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function startEmbedded(): Promise<EmbeddedServer> {
  const port = Number(process.env.DEV_DB_PORT || 54329);
  const dataDir = path.resolve(ROOT, process.env.DEV_DATA_DIR || '.data/postgres');
  mkdirSync(dataDir, { recursive: true });
  console.log(`No DATABASE_URL: starting embedded Postgres on port ${port} with data in ${path.relative(ROOT, dataDir)}/ ...`);
  try {
    return await startEmbeddedPostgres({ dataDir, port, progress: (line) => console.log(line) });
  } catch (error) {
    throw embeddedFailure(error as Error, port, path.relative(ROOT, dataDir) || dataDir);
  }
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) return (console.log(HELP), 0);
  loadEnvFile();
  assertConfigValid(process.env);
  const port = Number(process.env.PORT || 3000);
  await assertPortFree(port, process.env.HOST || '0.0.0.0', 'PORT');

  let embedded: EmbeddedServer | undefined;
  const stopDatabase = async () => {
    await embedded?.stop().catch((error: Error) => console.error(`Stopping embedded Postgres: ${error.message}`));
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      embedded = await startEmbedded();
      await ensureDatabase(embedded.adminUrl, DEV_DATABASE);
      databaseUrl = withDatabase(embedded.adminUrl, DEV_DATABASE);
    }
    const env = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_PRETTY: process.env.LOG_PRETTY ?? 'true' };
    const migrate = spawn(process.execPath, ['--import', 'tsx', 'service/src/cli/migrate.ts', 'up'], { cwd: ROOT, env, stdio: 'inherit' });
    const migrated = await exitCode(migrate);
    if (migrated !== 0)
      throw new DevError(`migrations failed (exit ${migrated}, above); fix the migration and run make dev again.`, migrated);
    const api = RESOURCES[0] ? `/api/v1/${RESOURCES[0].name}` : '/openapi.json';
    console.log(`API: http://localhost:${port}${api}   Swagger UI: http://localhost:${port}/docs   (Ctrl-C stops)`);
    return await watchServer(ROOT, env);
  } finally {
    await stopDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`make dev failed: ${error.message}`);
    process.exit(error instanceof DevError ? error.exitCode : 1);
  },
);
