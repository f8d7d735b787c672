import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { REPOSITORY_ROOT } from '../support/compiled';
import { freePort } from '../../dev/database-providers';
import { processState } from '../../src/db/embedded-postgres';
import { readyAdminUrl, spawnEmbeddedPostgres } from '../support/stoppable-postgres';

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

// Well inside the tests' own timeouts, so their clean-up still runs when a wait fails.
const WAIT_MS = 20_000;

/** Polls `done` every 20 ms; after WAIT_MS fails with `failure()`. */
async function until(done: () => boolean, failure: () => string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface EmbeddedProcess {
  readonly child: ChildProcess;
  /** Resolves once the process has printed `text`; rejects if it exits first or takes over WAIT_MS. */
  seen(text: string): Promise<void>;
  /** Resolves with its admin URL once it is ready. */
  ready(): Promise<string>;
}

/**
 * An embedded Postgres on `dataDir` in a process of its own, started as make dev starts it
 * (embedded-postgres is ESM: jest's module registry cannot load it in a test file).
 */
function spawnEmbedded(dataDir: string, port: number): EmbeddedProcess {
  const child = spawnEmbeddedPostgres(dataDir, port);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const printed = (what: string, done: () => boolean) =>
    until(
      () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`embedded Postgres exited before printing ${what}:\n${output}`);
        return done();
      },
      () => `embedded Postgres did not print ${what} in ${WAIT_MS} ms:\n${output}`,
    );
  const seen = (text: string) => printed(`"${text}"`, () => output.includes(text));
  const ready = async () => {
    let adminUrl: string | undefined;
    await printed('its ready line', () => (adminUrl = readyAdminUrl(output)) !== undefined);
    return adminUrl as string;
  };
  return { child, seen, ready };
}

/** An embedded Postgres on `dataDir` in a process of its own, as an earlier make dev leaves it. */
async function startLeftover(dataDir: string, port: number): Promise<ChildProcess> {
  const leftover = spawnEmbedded(dataDir, port);
  await leftover.ready();
  return leftover.child;
}

async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
}

/** The server's pid, as Postgres writes it into the data folder (what make dev reads). */
function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/**
 * What a kill -9 of a whole make dev can leave for a moment: its Postgres has exited, but the
 * process that must collect it has not (here: the left-over's process, stopped), so the pid in
 * postmaster.pid still answers. Returns that pid.
 */
async function killLeavingUncollected(leftover: ChildProcess, dataDir: string): Promise<number> {
  const pid = postmasterPid(dataDir);
  if (leftover.pid === undefined) throw new Error('the left-over process has no pid');
  process.kill(leftover.pid, 'SIGSTOP');
  process.kill(pid, 'SIGKILL');
  await until(
    () => processState(pid)?.state === 'Z',
    () => `Postgres ${pid} did not become exited and uncollected: ${JSON.stringify(processState(pid))}`,
  );
  return pid;
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
      const pid = postmasterPid(dataDir);

      const run = await makeDev({ PORT: String(await freePort()), DEV_DATA_DIR: dataDir, DEV_DB_PORT: String(await freePort()) });

      process.stdout.write(`\nmake dev with a left-over server: exit ${run.code} after ${run.ms} ms\n`);
      expect(run.code).toBe(2); // make reports a failed recipe as 2, whatever its exit code
      expect(run.output).toContain(`another Postgres (pid ${pid}) is running on ${dataDir}`);
      expect(run.output).toContain(`kill ${pid}`);
    } finally {
      leftover.kill('SIGTERM');
      await ended(leftover);
    }
  });

  test('When the last Postgres of the data folder has exited but is never collected, then make dev fails after a short wait naming the process that holds it', async () => {
    const leftover = await startLeftover(dataDir, await freePort());
    try {
      const pid = await killLeavingUncollected(leftover, dataDir);

      const run = await makeDev({ PORT: String(await freePort()), DEV_DATA_DIR: dataDir, DEV_DB_PORT: String(await freePort()) });

      process.stdout.write(`\nmake dev with an uncollected Postgres: exit ${run.code} after ${run.ms} ms\n`);
      expect(run.code).toBe(2); // make reports a failed recipe as 2, whatever its exit code
      expect(run.output).toContain(`(pid ${pid}) has exited; waiting up to 5 s for it to be collected`);
      expect(run.output).toContain(
        `Postgres (pid ${pid}) of an earlier run on ${dataDir} has exited, but its parent (pid ${leftover.pid}) has not collected it`,
      );
      expect(run.output).toContain(`kill -CONT ${leftover.pid}`);
      expect(run.output).not.toContain('delete it to start afresh');
    } finally {
      leftover.kill('SIGKILL');
      await ended(leftover);
    }
  }, 60_000);

  test('When the last Postgres of the data folder has exited and is collected while a start waits, then the embedded database starts', async () => {
    const leftover = await startLeftover(dataDir, await freePort());
    const port = await freePort();
    let restart: EmbeddedProcess | undefined;
    try {
      const killed = await killLeavingUncollected(leftover, dataDir);
      restart = spawnEmbedded(dataDir, port);
      await restart.seen('has exited; waiting up to 5 s for it to be collected');

      // Its exited Postgres passes to the process that collects orphans (PID 1 or a subreaper); in
      // a container run without an init process nothing does, and this case fails saying so.
      leftover.kill('SIGKILL');

      const adminUrl = await restart.ready();
      expect(postmasterPid(dataDir)).not.toBe(killed);
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        expect((await client.query<{ answer: number }>('SELECT 1 AS answer')).rows).toEqual([{ answer: 1 }]);
      } finally {
        await client.end();
      }
    } finally {
      leftover.kill('SIGKILL');
      restart?.child.kill('SIGTERM');
      await Promise.all([ended(leftover), restart && ended(restart.child)]);
    }
  }, 60_000);
});
