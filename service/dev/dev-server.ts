import { spawn } from 'node:child_process';
import path from 'node:path';
import { DevError } from './dev-checks';

// What server.ts prints when it cannot start, and when it listens (JSON or pretty log lines).
const FAILED = /^(Server failed to start|Invalid configuration)/m;
const LISTENING = /listening on port \d+/;

/**
 * Runs the server under `tsx watch` (reload on save) until Ctrl-C. `tsx watch` waits for a change
 * after its child exits, so a first start that fails would hang: the output is watched, and a
 * failure before the first "listening" ends it with the server's own reason. Later crashes are
 * left to the watcher: the person is editing and the next save restarts it.
 */
export function watchServer(root: string, env: NodeJS.ProcessEnv): Promise<number> {
  const colours = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
  const server = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', '--clear-screen=false', 'service/src/server.ts'],
    { cwd: root, env: { ...env, ...colours }, stdio: ['inherit', 'pipe', 'pipe'] },
  );
  let started = false;
  let failed = false;
  let stopping = false;
  const watch = (chunk: Buffer, out: NodeJS.WriteStream) => {
    out.write(chunk);
    const text = chunk.toString();
    if (!started && LISTENING.test(text)) started = true;
    if (!started && !failed && FAILED.test(text)) {
      failed = true;
      server.kill('SIGTERM');
    }
  };
  server.stdout.on('data', (chunk: Buffer) => watch(chunk, process.stdout));
  server.stderr.on('data', (chunk: Buffer) => watch(chunk, process.stderr));
  const stop = () => {
    stopping = true;
    server.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((resolve, reject) => {
    server.once('exit', (code) => {
      if (failed) reject(new DevError('the server did not start (its reason is above); fix it and run make dev again.'));
      else resolve(stopping ? 0 : (code ?? 1));
    });
  });
}
