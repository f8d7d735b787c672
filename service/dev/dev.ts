/* eslint-disable no-console -- a terminal program talking to the person who ran `make dev` */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { describeDatabase } from '../src/redact';
import { startEmbeddedPostgres, type DatabaseServer } from '../test/support/database-providers';
import { withDatabase } from '../src/db/postgres-url';

const ROOT = path.resolve(__dirname, '../..');
const DATA_DIR = path.join(ROOT, '.data', 'postgres');
const DEV_DATABASE = 'app_dev';
const HELP = `Usage: make dev   (or npm run dev)

Serves the API with reload on http://localhost:$PORT (default 3000), Swagger UI at /docs.
Reads .env when present. With DATABASE_URL set it uses that database; otherwise it starts an
embedded Postgres that keeps its data in .data/postgres (port DEV_DB_PORT, default 54329).
Pending migrations are applied first. Ctrl-C stops everything it started.`;

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

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: 'inherit' });
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) return void console.log(HELP);
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));

  let embedded: DatabaseServer | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    mkdirSync(DATA_DIR, { recursive: true });
    console.log(`No DATABASE_URL: starting embedded Postgres with data in ${path.relative(ROOT, DATA_DIR)}/ ...`);
    embedded = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: Number(process.env.DEV_DB_PORT ?? 54329) });
    await ensureDatabase(embedded.adminUrl, DEV_DATABASE);
    databaseUrl = withDatabase(embedded.adminUrl, DEV_DATABASE);
  }
  console.log(`Database: ${describeDatabase(databaseUrl)}`);
  const env = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_PRETTY: process.env.LOG_PRETTY ?? 'true' };

  const stopDatabase = async () => {
    if (embedded) await embedded.stop().catch((error: Error) => console.error(`Stopping embedded Postgres: ${error.message}`));
  };
  const migrated = await exitCode(run(['service/src/cli/migrate.ts', 'up'], env));
  if (migrated !== 0) {
    await stopDatabase();
    process.exit(migrated);
  }
  const port = process.env.PORT ?? '3000';
  console.log(`API: http://localhost:${port}/api/v1/items   Swagger UI: http://localhost:${port}/docs   (Ctrl-C stops)`);
  const server = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'watch', '--clear-screen=false', 'service/src/server.ts'],
    {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    },
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await exitCode(server);
  await stopDatabase();
  process.exit(stopping ? 0 : code);
}

main().catch((error: Error) => {
  console.error(`make dev failed: ${error.message}`);
  process.exit(1);
});
