import { spawn } from 'node:child_process';
import { REPOSITORY_ROOT } from '../../test/support/compiled';

export interface MakeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const OUTER_MAKE = new Set(['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL']);

/**
 * Runs a make target of the repository the way a person does, with extra environment. When the
 * suite itself runs under make (`make test-containers IMAGE=...`), make hands its command-line
 * variables down in MAKEFLAGS, where they would override the environment given here (IMAGE above
 * all): a person's make starts without them, and so does this one.
 */
export function runMake(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<MakeRun> {
  const outer = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OUTER_MAKE.has(name)));
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['--silent', '--no-print-directory', ...args], { cwd: REPOSITORY_ROOT, env: { ...outer, ...env } });
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
