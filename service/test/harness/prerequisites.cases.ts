import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';

describe('prerequisites of make test', () => {
  test('When pg_dump is not on PATH, then the run stops before any file, naming the tool and how to get it', async () => {
    // A PATH with node and nothing else: no pg_dump, no pg_restore, no docker.
    const bin = mkdtempSync(path.join(tmpdir(), 'no-pg-tools-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const jest = path.join(REPOSITORY_ROOT, 'node_modules/jest/bin/jest.js');
    const env = { PATH: bin, HOME: process.env.HOME, TEST_DATABASE_URL: process.env.TEST_ADMIN_URL };
    try {
      const run = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(process.execPath, [jest, 'service/test/cli/cli.test.ts'], { cwd: REPOSITORY_ROOT, env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
        );
      });

      expect(run.code).not.toBe(0);
      expect(run.output).toContain('The backup tests need pg_dump and pg_restore on PATH');
      expect(run.output).toContain('apt-get install postgresql-client-');
      expect(run.output).not.toContain('PASS');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
