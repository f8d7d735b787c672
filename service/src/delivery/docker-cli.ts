import { spawn } from 'node:child_process';
import { DeliveryError } from './delivery-error';

export interface DockerResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DockerOptions {
  /** Written to stdin, then closed (`docker login --password-stdin`). Never logged. */
  readonly input?: string;
  /** Extra environment: values reach docker only through its environment, never its arguments. */
  readonly env?: Record<string, string>;
  /** Stream docker's own output (build and push progress) to this process's stderr. */
  readonly stream?: boolean;
}

const DOCKER = () => process.env.DOCKER || 'docker';

/** Runs the docker client and collects its output; never throws on a non-zero exit. */
export function docker(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(DOCKER(), args, {
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.stream) process.stderr.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.stream) process.stderr.write(chunk);
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new DeliveryError(`\`${DOCKER()}\` was not found on PATH: install Docker (https://docs.docker.com/engine/install/).`)
          : error,
      ),
    );
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

function lastLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** Runs docker and returns its stdout, or fails naming the step and quoting docker's last lines. */
export async function dockerOk(step: string, args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.code !== 0) {
    throw new DeliveryError(`${step} failed (docker exit ${result.code}):\n${lastLines(result.stderr || result.stdout)}`);
  }
  return result.stdout.trim();
}

/** Fails at once, with how to start one, when no Docker engine answers. */
export async function assertEngineAnswers(): Promise<void> {
  const result = await docker(['version', '--format', '{{.Server.Version}}']);
  if (result.code !== 0) {
    throw new DeliveryError(
      `no Docker engine answers (${lastLines(result.stderr, 1)}). Start Docker Desktop or \`sudo systemctl start docker\`, ` +
        'or point DOCKER_HOST at a running engine, then try again.',
    );
  }
}

/** Elapsed seconds since `started` (performance.now()), to one decimal. */
export function secondsSince(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}
