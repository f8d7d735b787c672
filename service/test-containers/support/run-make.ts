import { spawn } from 'node:child_process';
import { REPOSITORY_ROOT } from '../../test/support/compiled';

export interface MakeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a make target of the repository the way a person does, with extra environment. */
export function runMake(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<MakeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['--silent', '--no-print-directory', ...args], { cwd: REPOSITORY_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export function testImage(): string {
  const image = process.env.CONTAINER_TEST_IMAGE;
  if (!image) throw new Error('CONTAINER_TEST_IMAGE is not set: run these tests with `make test-containers`.');
  return image;
}
