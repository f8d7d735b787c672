import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '../support/compiled';

const run = promisify(execFile);

async function which(command: string): Promise<string> {
  return (await run('bash', ['--norc', '-c', `command -v ${command}`])).stdout.trim();
}

describe('make up / down / logs without Docker Compose', () => {
  test('When neither `docker compose` nor `docker-compose` exists, then each target says so and points to make dev', async () => {
    // A PATH holding only bash: no docker, no docker-compose.
    const bin = mkdtempSync(path.join(tmpdir(), 'no-compose-'));
    symlinkSync(await which('bash'), path.join(bin, 'bash'));
    const make = await which('make');

    try {
      for (const target of ['up', 'down', 'logs']) {
        const result = await run(make, ['--silent', target], { cwd: REPOSITORY_ROOT, env: { PATH: bin } }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        );

        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain('Neither `docker compose` (v2) nor `docker-compose` (v1) was found');
        expect(result.stderr).toContain('make dev');
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
