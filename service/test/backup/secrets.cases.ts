import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { libpqEnv } from '../../src/backup/connection';
import { buildToolCommand } from '../../src/backup/pg-tools';
import { assertBackupToolsServeTestServer, makeTempDir, runDbCli, seedSampleData, withClient } from '../support/backup-fixtures';
import type { CliRun } from '../support/cli-run';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { withDatabase } from '../../src/db/postgres-url';
import { testDatabaseName } from '../support/test-database-names';

describe('db CLI and secrets', () => {
  const adminUrl = () => process.env.TEST_ADMIN_URL ?? '';
  const role = `backup_secret_${randomBytes(4).toString('hex')}`;
  // Characters that need URL encoding, so both the raw and the encoded form are looked for.
  const password = `pw:${randomBytes(6).toString('hex')}@/x`;
  const restoredName = testDatabaseName(process.env.TEST_RUN_ID ?? '');
  let db: TestDatabase;
  let folder: ReturnType<typeof makeTempDir>;
  let roleUrl: string;
  const runs: CliRun[] = [];

  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    db = await createTestDatabase();
    await seedSampleData(db.url, 20);
    folder = makeTempDir('secrets-test-');
    await withClient(adminUrl(), async (c) => {
      await c.query(`CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`);
      await c.query(`GRANT pg_read_all_data TO ${role}`);
    });
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    roleUrl = url.toString();
  });

  afterAll(async () => {
    await withClient(adminUrl(), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
    folder?.remove();
    await db?.release();
  });

  async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    const run = await runDbCli(args, { DATABASE_URL: roleUrl, ...env });
    runs.push(run);
    return run;
  }

  function expectNoPassword(text: string): void {
    expect(text).not.toContain(password);
    expect(text).not.toContain(encodeURIComponent(password));
  }

  test('When backup, verify, list and restore run as a role with a password, then it appears in no output and no manifest', async () => {
    const backup = await cli(['backup', '--json', '--progress', '--dir', folder.dir]);
    expect(backup.code).toBe(0);
    const { file } = JSON.parse(backup.stdout);
    expect(await cli(['verify', file, '--json', '--progress'])).toMatchObject({ code: 0 });
    expect(await cli(['list', '--dir', folder.dir])).toMatchObject({ code: 0 });
    const restoreTarget = withDatabase(roleUrl, restoredName);
    expect(await cli(['restore', file, '--target', 'RESTORE_URL', '--create', '--progress'], { RESTORE_URL: restoreTarget })).toMatchObject(
      { code: 0 },
    );
    const refused = await cli(['restore', file, '--target', restoreTarget]);
    // Its own folder: in the folder above, the first backup's name (taken to the second) may still be this one's.
    const unreachable = await cli(['backup', '--dir', path.join(folder.dir, 'unreachable')], {
      DATABASE_URL: roleUrl.replace(/:\d+\//, ':1/'),
    });

    expect(refused.stderr).toMatch(/refusing to restore into .*: it is not empty/);
    // The host is whatever the provider gave (127.0.0.1, localhost, a remote engine's address).
    expect(unreachable.stderr).toContain(`cannot connect to ${new URL(roleUrl).hostname}:1/`);
    for (const run of runs) expectNoPassword(run.stdout + run.stderr);
    for (const manifest of readdirSync(folder.dir).filter((f) => f.endsWith('.json'))) {
      expectNoPassword(readFileSync(path.join(folder.dir, manifest), 'utf8'));
    }
  });

  test('When pg_dump and pg_restore run, then their argv (what ps shows) has no password and their environment has it', async () => {
    const log = path.join(folder.dir, 'argv.log');
    const wrapper = (tool: string) => {
      const file = path.join(folder.dir, `${tool}-recording.sh`);
      // Records what any user of the machine could read in the process list, then runs the real tool.
      const script = `#!/bin/sh\necho "${tool} argv: $0 $*" >> '${log}'\n[ -n "$PGPASSWORD" ] && echo "${tool} env: PGPASSWORD set" >> '${log}'\nexec ${tool} "$@"\n`;
      writeFileSync(file, script, { mode: 0o755 });
      return file;
    };
    const tools = { PG_DUMP: wrapper('pg_dump'), PG_RESTORE: wrapper('pg_restore') };

    const backup = await cli(['backup', '--json', '--dir', path.join(folder.dir, 'recorded')], tools);
    const verify = await cli(['verify', JSON.parse(backup.stdout).file], tools);

    expect([backup.code, verify.code]).toEqual([0, 0]);
    const recorded = readFileSync(log, 'utf8');
    expect(recorded).toContain('pg_dump argv: ');
    expect(recorded).toContain('pg_dump env: PGPASSWORD set');
    expect(recorded).toContain('pg_restore env: PGPASSWORD set');
    expectNoPassword(recorded);
  });

  test('When a pg_dump command is built, then the password is in its environment and never in its argv', () => {
    const env = libpqEnv(roleUrl, {});

    const local = buildToolCommand('pg_dump', ['--format=custom'], env, {});
    const docker = buildToolCommand('pg_dump', ['--format=custom'], env, { docker: { image: 'postgres:15' } });

    expect(env.PGPASSWORD).toBe(password);
    expect(env).toMatchObject({ PGUSER: role, PGDATABASE: db.name });
    expectNoPassword([local.command, ...local.args, docker.command, ...docker.args].join(' '));
    expect(docker.args.join(' ')).toContain('-e PGPASSWORD');
  });
});
