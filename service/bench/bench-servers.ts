import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../dev/database-providers';
import { REPOSITORY_ROOT, type NodeRuntime } from './node-runtime';

export type ServerName = 'service' | 'baseline';

export interface RunningServer {
  readonly name: ServerName;
  readonly url: string;
  readonly pid: number;
  /** Resident set size now, in MB (read from /proc; undefined where there is none). */
  rssMb(): number | undefined;
  stop(): Promise<number | null>;
}

// BENCH_SERVICE_ENTRY measures another build (e.g. an older commit's dist/) against the same baseline.
const SERVICE_ENTRY = process.env.BENCH_SERVICE_ENTRY ?? path.join(REPOSITORY_ROOT, 'dist', 'service', 'src', 'server.js');
const BASELINE_ENTRY = path.join(REPOSITORY_ROOT, 'service', 'bench', 'baseline-server.ts');

function readRssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /healthz within 30 s:\n${output()}`);
}

/**
 * Starts one of the two servers on Node 24 with the same database and pool size: the service
 * compiled and in production mode exactly as the image runs it, or the plain baseline.
 */
export async function startServer(name: ServerName, node: NodeRuntime, env: Record<string, string>): Promise<RunningServer> {
  if (name === 'service' && !existsSync(SERVICE_ENTRY)) throw new Error(`${SERVICE_ENTRY} is missing: run \`npm run build\` first.`);
  const port = await freePort();
  const profileDir = process.env.BENCH_CPU_PROF;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
  // The image's runtime flag (see the Dockerfile), given to both so they run on the same heap settings.
  const entry = ['--max-semi-space-size=16', ...(name === 'service' ? [SERVICE_ENTRY] : ['--import', 'tsx', BASELINE_ENTRY])];
  const child = spawn(node.path, [...nodeArgs, ...entry], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => stderr);
  return {
    name,
    url,
    pid: child.pid ?? 0,
    rssMb: () => readRssMb(child.pid ?? 0),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
