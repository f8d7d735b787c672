import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assertBackupToolsServeTestServer,
  createSampleTable,
  makeTempDir,
  runDbCli,
  startDbCli,
  waitForFile,
} from '../support/backup-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('npm run db (the CLI)', () => {
  let db: TestDatabase;
  let folder: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    db = await createTestDatabase();
    // An empty table of known name, whatever tables the migrations made: the JSON and progress name it.
    await createSampleTable(db.url);
    folder = makeTempDir('cli-test-');
  });

  afterAll(async () => {
    folder?.remove();
    await db?.release();
  });

  test.each(['backup', 'verify', 'restore', 'list', 'prune'])(
    'When %s --help is asked for, then its usage is printed with exit code 0',
    async (command) => {
      const run = await runDbCli([command, '--help'], {});

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: npm run db -- ${command}`));
    },
  );

  test('When the command is unknown or its file is missing, then usage is shown with exit code 2', async () => {
    const unknown = await runDbCli(['bakup'], {});
    const noFile = await runDbCli(['verify'], {});

    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command: bakup') });
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining('verify needs exactly one backup FILE') });
  });

  test('When DATABASE_URL is missing, then backup says which setting to give, with exit code 5', async () => {
    const run = await runDbCli(['backup', '--dir', folder.dir], {});

    expect(run.code).toBe(5);
    expect(run.stderr).toContain('DATABASE_URL is not set; give a URL such as postgres://');
  });

  test('When --json and --progress are both given, then stdout is one JSON object and progress goes to stderr', async () => {
    const run = await runDbCli(['backup', '--json', '--progress', '--dir', `${folder.dir}/json`], { DATABASE_URL: db.url });

    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ command: 'backup', ok: true, manifest: { tables: { 'public.backup_rows': 0 } } });
    expect(run.stderr).toContain('dumping contents of table "public.backup_rows"');
  });

  test('When a backup fails verification, then the exit code is 6 and the JSON says why', async () => {
    const backup = await runDbCli(['backup', '--json', '--dir', `${folder.dir}/flipped`], { DATABASE_URL: db.url });
    expect(backup.code).toBe(0);
    const { file } = JSON.parse(backup.stdout);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(file, bytes);

    const run = await runDbCli(['verify', file, '--json'], { DATABASE_URL: db.url });

    expect(run.code).toBe(6);
    expect(JSON.parse(run.stdout)).toMatchObject({
      command: 'verify',
      ok: false,
      exitCode: 6,
      error: { kind: 'VerificationError', message: expect.stringMatching(/is corrupted/) },
    });
  });

  test('When a running backup gets SIGTERM, then pg_dump is stopped, its partial file removed and the exit code is 1', async () => {
    const dir = path.join(folder.dir, 'interrupted');
    const ready = path.join(folder.dir, 'dump-started');
    const stuckDump = path.join(folder.dir, 'pg_dump_that_hangs.sh');
    writeFileSync(
      stuckDump,
      `#!/bin/sh\n[ "$1" = --version ] && exec pg_dump --version\npg_dump "$@" || exit 1\ntouch '${ready}'\nexec sleep 600\n`,
      { mode: 0o755 },
    );
    const { child, done } = startDbCli(['backup', '--dir', dir], { DATABASE_URL: db.url, PG_DUMP: stuckDump });
    await waitForFile(ready);

    child.kill('SIGTERM');
    const run = await done;

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stopped by SIGTERM');
    expect(readdirSync(dir)).toEqual([]);
  });
});
