import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../dev/database-providers';
import { REPOSITORY_ROOT } from './compiled';

/** A Postgres of the test's own, on its own port and data folder, that the test can stop and start again. */
export interface StoppablePostgres {
  readonly adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** Starts embedded-postgres-process.ts on `dataDir` and `port`; its output is read through the pipes. */
export function spawnEmbeddedPostgres(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'embedded-postgres-process.ts'), dataDir, String(port)], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The admin URL from the line embedded-postgres-process.ts prints once it is ready, if printed yet. */
export function readyAdminUrl(output: string): string | undefined {
  const line = /^\{"ready":true.*\}$/m.exec(output)?.[0];
  return line === undefined ? undefined : (JSON.parse(line) as { adminUrl: string }).adminUrl;
}

function launch(dataDir: string, port: number): Promise<{ child: ChildProcess; adminUrl: string }> {
  const child = spawnEmbeddedPostgres(dataDir, port);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const adminUrl = readyAdminUrl(output);
      if (adminUrl !== undefined) resolve({ child, adminUrl });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited with ${String(code)} before it was ready:\n${output}`)));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts embedded Postgres (real binaries from npm) in a child process on a free port. */
export async function startStoppablePostgres(): Promise<StoppablePostgres> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outage-pg-'));
  const port = await freePort();
  let current = await launch(dataDir, port);
  return {
    adminUrl: current.adminUrl,
    stop: () => stopped(current.child),
    start: async () => {
      current = await launch(dataDir, port);
    },
    remove: async () => {
      await stopped(current.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
