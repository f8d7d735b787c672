import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runDeployCli } from '../../src/cli/deploy/main';
import { describeDatabase } from '../../src/redact';
import { REPOSITORY_ROOT } from '../support/compiled';
import { createEmptyDatabase } from '../support/test-database';

const IMAGE = `registry.example.test/acme/gitops-service@sha256:${'d'.repeat(64)}`;

async function deploy(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDeployCli(argv, env, REPOSITORY_ROOT, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

describe('deploy CLI: refusals before anything runs (the Docker suite runs the stages themselves)', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let stateDir: string;

  beforeEach(async () => {
    database = await createEmptyDatabase();
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'deploy-cli-'));
  });

  afterEach(async () => {
    await database.release();
    await rm(stateDir, { recursive: true, force: true });
  });

  test('When the image is given by tag, then every stage refuses with exit 2 and one JSON line', async () => {
    // Arrange
    const env = { DATABASE_URL: database.url };

    // Act
    const result = await deploy(['all', '--env', 'staging', '--image', 'acme/gitops-service:latest', '--state-dir', stateDir], env);

    // Assert
    expect(result.code).toBe(2);
    expect(lastJson(result.stdout)).toMatchObject({ stage: 'deploy', ok: false, exitCode: 2 });
    expect(result.stderr).toContain('it has no digest');
  });

  test.each(['rehearse', 'migrate', 'promote'])(
    'When %s runs without the state of the stage before it, then it refuses with exit 6 and names the stage to run',
    async (stage) => {
      // Arrange
      const env = { DATABASE_URL: database.url, GITOPS_REMOTE: path.join(stateDir, 'nowhere.git') };

      // Act
      const result = await deploy([stage, '--env', 'staging', '--image', IMAGE, '--state-dir', stateDir, '--json'], env);

      // Assert
      expect(result.code).toBe(6);
      expect(lastJson(result.stdout)).toMatchObject({ stage, ok: false, exitCode: 6 });
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/is missing: run `make deploy-(backup|rehearse|migrate)` first/);
    },
  );

  test('When DATABASE_URL holds a password, then no output line shows it', async () => {
    // Arrange
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const url = new URL(database.url);
    url.password = password;
    url.port = '1';

    // Act
    const result = await deploy(['backup', '--env', 'staging', '--image', IMAGE, '--state-dir', stateDir], {
      DATABASE_URL: url.toString(),
    });

    // Assert
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain(password);
  });

  test('When migrate runs with a DATABASE_URL other than the one backed up and rehearsed, then it refuses with exit 6 and runs nothing', async () => {
    // Arrange: a real, verified backup of one database and a passed rehearsal of it
    const other = await createEmptyDatabase();
    try {
      const backedUp = await deploy(['backup', '--env', 'staging', '--image', IMAGE, '--state-dir', stateDir, '--json'], {
        DATABASE_URL: database.url,
      });
      const backup = JSON.parse(await readFile(path.join(stateDir, 'backup.json'), 'utf8')) as Record<string, unknown>;
      const rehearsal = { ...backup, lintPassed: true, findings: 0, pending: [], applied: [] };
      await writeFile(path.join(stateDir, 'rehearsal.json'), JSON.stringify(rehearsal));

      // Act: DOCKER=false makes any container start fail (exit 1) rather than refuse (exit 6)
      const result = await deploy(['migrate', '--env', 'staging', '--image', IMAGE, '--state-dir', stateDir, '--json'], {
        DATABASE_URL: other.url,
        DOCKER: 'false',
      });

      // Assert
      expect(backedUp.code).toBe(0);
      expect(result.code).toBe(6);
      expect(result.stderr).toContain(`was written for the database ${describeDatabase(database.url)}`);
      expect(result.stderr).toContain(`DATABASE_URL is ${describeDatabase(other.url)}`);
    } finally {
      await other.release();
    }
  });

  test('When GITHUB_OUTPUT is set and a stage fails, then nothing is written there; --help lists stages and exit codes', async () => {
    // Arrange
    const output = path.join(stateDir, 'github-output');

    // Act
    const failed = await deploy(['migrate', '--env', 'staging', '--image', IMAGE, '--state-dir', stateDir], {
      DATABASE_URL: database.url,
      GITHUB_OUTPUT: output,
    });
    const help = await deploy(['--help'], {});

    // Assert
    expect(failed.code).toBe(6);
    await expect(readFile(output, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('backup     pg_dump DATABASE_URL');
    expect(help.stdout).toContain('3 another');
  });
});
