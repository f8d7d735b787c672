import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../dev/database-providers';
import { withDatabase } from '../src/db/postgres-url';
import { encodeCursor } from '../src/http/page-cursor';
import { redactConnectionString } from '../src/redact';
import { parseListBenchOptions, type Options } from './list-bench-options';
import { runLoad, type LoadResult } from './list-load';

interface Measurement extends LoadResult {
  readonly rows: number;
  readonly entry: string;
  readonly mode: 'cursor' | 'offset';
}

const progress = (line: string) => void process.stderr.write(`${line}\n`);

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`))));
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function startServer(options: Options, entry: string, databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  const child = spawn(options.node, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${entry} did not answer /healthz within 10 s; see its output above`);
}

async function measure(options: Options, rows: number, entry: string, databaseUrl: string): Promise<Measurement> {
  const { child, port } = await startServer(options, entry, databaseUrl);
  try {
    const probe = (await (await fetch(`http://127.0.0.1:${port}/api/v1/items?limit=1`)).json()) as { page: object };
    const mode = 'next' in probe.page ? 'cursor' : 'offset';
    const position = () => Math.floor(Math.random() * Math.max(1, rows - 20));
    const nextPath = () => {
      const at = position();
      if (at === 0) return '/api/v1/items?limit=20';
      return mode === 'cursor' ? `/api/v1/items?limit=20&cursor=${encodeCursor(at)}` : `/api/v1/items?limit=20&offset=${at}`;
    };
    await runLoad({ port, connections: options.connections, durationMs: 2000, nextPath });
    const result = await runLoad({ port, connections: options.connections, durationMs: options.durationMs, nextPath });
    return { rows, entry, mode, ...result };
  } finally {
    child.kill('SIGTERM');
  }
}

async function benchSize(options: Options, rows: number): Promise<Measurement[]> {
  const name = `bench_list_${rows}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(options.adminUrl, name);
  await admin(options.adminUrl, `CREATE DATABASE "${name}"`);
  try {
    progress(`[${rows} rows] migrating and seeding ${name}`);
    await run(options.node, [path.resolve('dist/service/src/cli/migrate.js'), 'up'], { DATABASE_URL: url });
    await run(path.resolve('node_modules/.bin/tsx'), ['service/dev/seed-items.ts', '--count', String(rows)], { DATABASE_URL: url });
    const results: Measurement[] = [];
    for (const entry of options.entries) {
      progress(`[${rows} rows] loading ${entry} for ${options.durationMs / 1000} s`);
      results.push(await measure(options, rows, entry, url));
      const last = results.at(-1);
      if (last) progress(`[${rows} rows] ${last.mode}: ${last.rps} rps, p50 ${last.p50Ms} ms, p99 ${last.p99Ms} ms, errors ${last.errors}`);
    }
    return results;
  } finally {
    await admin(options.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

function report(results: readonly Measurement[], options: Options): string {
  const lines = ['rows       entry                                    mode    rps     p50 ms  p99 ms  errors'];
  for (const r of results) {
    lines.push(
      `${String(r.rows).padEnd(10)} ${r.entry.slice(-40).padEnd(40)} ${r.mode.padEnd(7)} ${String(r.rps).padEnd(7)} ${String(r.p50Ms).padEnd(7)} ${String(r.p99Ms).padEnd(7)} ${r.errors}`,
    );
  }
  const smallest = Math.min(...options.rows);
  const largest = Math.max(...options.rows);
  for (const entry of options.entries) {
    const p99 = (rows: number) => results.find((r) => r.entry === entry && r.rows === rows)?.p99Ms ?? Number.NaN;
    lines.push(`${entry}: p99 at ${largest} rows / p99 at ${smallest} rows = ${(p99(largest) / p99(smallest)).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const options = parseListBenchOptions(argv);
  if (typeof options === 'string') return (void process.stdout.write(`${options}\n`), 0);
  progress(`servers run on Node ${execFileSync(options.node, ['--version']).toString().trim()} (${options.node})`);
  const results: Measurement[] = [];
  for (const rows of options.rows) results.push(...(await benchSize(options, rows)));
  process.stdout.write(options.json ? `${JSON.stringify({ node: options.node, results }, null, 2)}\n` : report(results, options));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:list failed: ${redactConnectionString(error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  },
);
