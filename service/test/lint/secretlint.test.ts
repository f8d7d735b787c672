import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withPassword } from '../support/credentials';
import { REPOSITORY_ROOT } from '../support/compiled';

// The secrets are assembled at run time and written outside the repository.
function secretlint(fileName: string, content: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'secretlint-'));
  try {
    const file = path.join(dir, fileName);
    writeFileSync(file, content);
    const result = spawnSync(
      path.join(REPOSITORY_ROOT, 'node_modules/.bin/secretlint'),
      ['--secretlintrc', path.join(REPOSITORY_ROOT, '.secretlintrc.json'), fileName],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('make lint: secretlint', () => {
  test('When a file holds a Docker Hub access token, then secretlint fails', () => {
    const token = ['dckr', 'pat', 'x7Kq2LmN9pR4sT6vW8yZ1aB3cD5'].join('_');

    const result = secretlint('deploy.sh', `docker login -u ci -p ${token}\n`);

    expect(result.status).not.toBe(0);
    expect(result.output).toContain('[PATTERN] found matching');
  });

  test('When a file holds a connection string with a password, then secretlint fails', () => {
    const result = secretlint('settings.env', `DATABASE_URL=${withPassword('postgres://app@db.internal:5432/app', 'Zq8-real-looking')}\n`);

    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/PostgreSQL connection string/);
  });

  test('When a file holds a connection string without a password, then secretlint passes', () => {
    const result = secretlint('settings.env', 'DATABASE_URL=postgres://app@db.internal:5432/app\n');

    expect(result.status).toBe(0);
  });
});
