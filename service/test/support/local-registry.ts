import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../dev/database-providers';

/**
 * A real container registry for tests: Debian's `docker-registry` (the CNCF distribution registry)
 * on 127.0.0.1, a free port, htpasswd auth with a random user and password. It stands in for
 * Docker Hub: `docker login --password-stdin`, push, pull by digest. The Docker engine treats
 * 127.0.0.1:<port> as an insecure registry without configuration, so no TLS is needed.
 */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`: the registry host for image names and `docker login`. */
  readonly host: string;
  readonly username: string;
  readonly password: string;
  /** Everything the registry logged, for failure messages. */
  readonly output: () => string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'install it with `apt-get install -y docker-registry apache2-utils` (Debian/Ubuntu)';

function requireTool(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch {
    throw new Error(`local registry: \`${command}\` is missing or does not run; ${INSTALL_HINT}.`);
  }
}

/** htpasswd -B reads the password from stdin with -i, so it never appears on a command line. */
function writeHtpasswd(file: string, username: string, password: string): void {
  const line = execFileSync('htpasswd', ['-niB', username], { input: `${password}\n` }).toString();
  writeFileSync(file, line, { mode: 0o600 });
}

function registryConfig(dir: string, port: number): string {
  return [
    'version: 0.1',
    'log: { level: info }',
    `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: '127.0.0.1:${port}', secret: ${randomBytes(16).toString('hex')} }`,
    `auth: { htpasswd: { realm: test-registry, path: ${path.join(dir, 'htpasswd')} } }`,
    '',
  ].join('\n');
}

/** Resolves once GET /v2/ answers (401 without credentials is the expected answer). */
async function waitUntilAnswering(host: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local registry exited with ${child.exitCode} before answering:\n${output()}`);
    const answered = await fetch(`http://${host}/v2/`).then(
      (response) => response.status === 401 || response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`local registry did not answer on http://${host}/v2/ within ${timeoutMs} ms:\n${output()}`);
}

export async function startLocalRegistry(options: { timeoutMs?: number } = {}): Promise<LocalRegistry> {
  requireTool('docker-registry', ['--version']);
  requireTool('htpasswd', ['-nbB', 'probe', 'probe']);
  const dir = mkdtempSync(path.join(tmpdir(), 'test-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const username = `user-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  writeHtpasswd(path.join(dir, 'htpasswd'), username, password);
  const configFile = path.join(dir, 'config.yml');
  writeFileSync(configFile, registryConfig(dir, port), { mode: 0o600 });

  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => log;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(host, child, output, options.timeoutMs ?? 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, username, password, output, stop };
}
