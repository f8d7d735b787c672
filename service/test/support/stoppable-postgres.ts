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

function launch(dataDir: string, port: number): Promise<{ child: ChildProcess; adminUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'embedded-postgres-process.ts'), dataDir, String(port)], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{"ready":true.*\}$/m.exec(output)?.[0];
      if (line) resolve({ child, adminUrl: (JSON.parse(line) as { adminUrl: string }).adminUrl });
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
