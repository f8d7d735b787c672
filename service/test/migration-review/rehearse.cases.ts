import { listMigrationFiles } from '../../src/migrator/files';
import type { RehearsedMigration } from '../../src/migration-review/rehearsal';
import { assertBackupToolsServeTestServer, makeTempDir } from '../support/backup-fixtures';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from '../migrator/support/migration-fixtures';
import { historyNames, runCli, testEnv } from '../migrator/support/migrate-runs';
import {
  EXPAND_CONTRACT,
  FIRST_MIGRATION,
  backupOf,
  databaseBeforeExpand,
  databaseExists,
  throwawaysIn,
  type EmptyDatabase,
} from './support/plan-fixtures';

function byName(migrations: RehearsedMigration[], part: string): RehearsedMigration | undefined {
  return migrations.find((migration) => migration.name.includes(part));
}

describe('migrate rehearse', () => {
  let folder: ReturnType<typeof makeTempDir>;
  let release: FixtureDir;
  const databases: EmptyDatabase[] = [];
  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    folder = makeTempDir('rehearse-test-');
    release = createFixtureDir(EXPAND_CONTRACT);
  });
  afterAll(async () => {
    release?.remove();
    folder?.remove();
    await Promise.all(databases.map((db) => db.release()));
  });

  test('When a backup of a populated database is rehearsed, then each pending migration is applied to a copy and reported with its duration, locks and statement kinds', async () => {
    const db = await databaseBeforeExpand(release.dir, 8_000);
    databases.push(db);
    const dump = await backupOf(db.url, folder.dir);

    const run = await runCli(['rehearse', '--from-backup', dump, '--json'], testEnv(db.url, { MIGRATIONS_DIR: release.dir }));

    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ command: 'rehearse', ok: true, lintPassed: true, lint: { errors: 0 } });
    const migrations = run.json?.migrations as RehearsedMigration[];
    // Every migration of the release after the one the database has.
    const pending = listMigrationFiles(release.dir)
      .map((file) => file.name)
      .filter((name) => name !== FIRST_MIGRATION);
    expect(migrations.map((migration) => migration.name)).toEqual(pending);
    for (const migration of migrations) expect(migration.durationMs).toEqual(expect.any(Number));
    // Locks of a migration in a transaction are read just before it commits, so they are known exactly.
    expect(byName(migrations, 'add-products')?.locks).toContainEqual({ relation: 'public.products', mode: 'AccessExclusiveLock' });
    expect(byName(migrations, 'validate-products')?.locks).toContainEqual({
      relation: 'public.products',
      mode: 'ShareUpdateExclusiveLock',
    });
    expect(byName(migrations, 'backfill')?.statementKinds).toEqual(['SELECT', 'UPDATE']);
    expect(byName(migrations, 'index-products')?.statementKinds).toEqual(['CREATE INDEX CONCURRENTLY']);
    expect(await historyNames(db.url)).toEqual([FIRST_MIGRATION]);
    const throwaways = throwawaysIn(run.stderr);
    expect(throwaways).toHaveLength(1);
    expect(await databaseExists(db.url, throwaways[0] as string)).toBe(false);
  });

  test('When lint finds an unaccepted error, then the rehearsal stops before applying anything and exits 1', async () => {
    const fixtures: FixtureDir = createFixtureDir([
      { name: '20260101000000-create-orders', up: ['CREATE TABLE orders (id integer PRIMARY KEY, note text)'] },
      { name: '20260102000000-drop-orders-note', up: ['ALTER TABLE orders DROP COLUMN note'] },
    ]);
    const db = await createEmptyDatabase();
    databases.push(db);
    try {
      const env = testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });
      await runCli(['up', '--to', '20260101000000-create-orders.js'], env);
      const dump = await backupOf(db.url, folder.dir);

      const run = await runCli(['rehearse', '--from-backup', dump, '--json'], env);

      expect(run.code).toBe(1);
      expect(run.json).toMatchObject({ ok: false, lintPassed: false, migrations: [], lint: { errors: 1 } });
      expect(run.stderr).not.toContain('applying');
    } finally {
      fixtures.remove();
    }
  });

  test('When --from-backup is missing, then rehearse exits 2 saying it is required', async () => {
    const run = await runCli(['rehearse'], testEnv('postgres://nobody@127.0.0.1:1/unused'));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from-backup FILE is required');
  });
});
