import { spawn } from 'node:child_process';
import { REPOSITORY_ROOT } from '../support/compiled';

// make db-seed is items tooling (service/dev/seed-items.ts), so its test lives and goes with items.
describe('make db-seed', () => {
  test('When `db-seed` is pointed at a database on another machine without --yes, then it refuses with exit 4 before connecting', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'service/dev/seed-items.ts', '--count', '1'], {
        cwd: REPOSITORY_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://app@db.example.com:5432/app' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('close', (code) => resolve({ code, stderr }));
    });

    expect(run.code).toBe(4);
    expect(run.stderr).toContain('refusing to insert generated items into db.example.com:5432/app: it looks like production');
  });
});
