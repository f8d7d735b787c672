import { spawn, type ChildProcess } from 'node:child_process';
import { compiledFile } from './compiled';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs the compiled server exactly as the image does, with only the given environment. */
export function spawnServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [compiledFile('service/src/server.js')], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts the compiled server and resolves once it logs the port it listens on. */
export async function startServer(env: Record<string, string>, timeoutMs = 15_000): Promise<ServerProcess> {
  const started = spawnServer(env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /"port":(\d+).*"msg":"listening/.exec(started.output());
    if (match) return { ...started, port: Number(match[1]) };
    const code = await Promise.race([started.exited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 25))]);
    if (code !== 'waiting') throw new Error(`server exited with ${String(code)} before listening:\n${started.output()}`);
    if (Date.now() > deadline) {
      started.child.kill('SIGKILL');
      throw new Error(`server did not listen within ${timeoutMs} ms:\n${started.output()}`);
    }
  }
}
