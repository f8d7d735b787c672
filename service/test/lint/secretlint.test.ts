import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withPassword } from '../support/credentials';
import { REPOSITORY_ROOT } from '../support/compiled';

type FileReport = { filePath: string; messages: Array<{ ruleId: string; message: string; severity: string }> };

// The secrets are assembled at run time and written outside the repository. One secretlint run
// reads all three files, as make lint reads the tree (a run of its own for each costs 0.6 CPU-s).
const files: Record<string, string> = {
  'deploy.sh': `docker login -u ci -p ${['dckr', 'pat', 'x7Kq2LmN9pR4sT6vW8yZ1aB3cD5'].join('_')}\n`,
  'with-password.env': `DATABASE_URL=${withPassword('postgres://app@db.internal:5432/app', 'Zq8-real-looking')}\n`,
  'without-password.env': 'DATABASE_URL=postgres://app@db.internal:5432/app\n',
};

describe('make lint: secretlint', () => {
  let status: number | null;
  let reports: FileReport[];
  let stderr = '';

  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secretlint-'));
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
      const result = spawnSync(
        path.join(REPOSITORY_ROOT, 'node_modules/.bin/secretlint'),
        ['--secretlintrc', path.join(REPOSITORY_ROOT, '.secretlintrc.json'), '--format', 'json', ...Object.keys(files)],
        { cwd: dir, encoding: 'utf8' },
      );
      status = result.status;
      stderr = result.stderr;
      reports = JSON.parse(result.stdout || '[]') as FileReport[];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The errors secretlint reported for one file; it lists every file it read, clean ones too. */
  function errorsIn(name: string): string[] {
    const report = reports.find((candidate) => path.basename(candidate.filePath) === name);
    if (!report) throw new Error(`secretlint did not report on ${name} (exit ${String(status)}): ${stderr}`);
    return report.messages.filter((message) => message.severity === 'error').map((message) => `${message.ruleId}: ${message.message}`);
  }

  test('When a file holds a Docker Hub access token, then secretlint fails on it', () => {
    // Any error fails the whole run, which is what stops make lint.
    expect(status).not.toBe(0);
    expect(errorsIn('deploy.sh')).toEqual([expect.stringMatching(/secretlint-rule-pattern: found matching/)]);
  });

  test('When a file holds a connection string with a password, then secretlint fails on it', () => {
    expect(errorsIn('with-password.env')).toEqual([
      expect.stringMatching(/database-connection-string: found PostgreSQL connection string/),
    ]);
  });

  test('When a file holds a connection string without a password, then secretlint reports nothing for it', () => {
    expect(errorsIn('without-password.env')).toEqual([]);
  });
});
