import { Client } from 'pg';
import { MIGRATION_LOCK_KEY } from '../../src/migrator/advisory-lock';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { historyNames, query, runCli, testEnv } from './support/migrate-runs';

/** Waits until a session of this database runs `sql` (each poll is a new session, so a fresh snapshot). */
async function waitForActiveQuery(url: string, sql: string): Promise<void> {
  const running = "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query = $1";
  for (let i = 0; i < 400; i += 1) {
    if ((await query(url, running, [sql])).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no session of the database ever ran ${sql}`);
}

describe('the migration lock', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  let holder: Client;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir(tableMigrations(1));
    holder = new Client({ connectionString: db.url, application_name: 'someone-else-migrating' });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end();
    fixtures.remove();
    await db.release();
  });

  test('When another connection holds the lock, then up times out with exit 3 naming the holder pid, and applies nothing', async () => {
    await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');

    const run = await runCli(['up', '--json', '--lock-wait', '600'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`held by pid ${rows[0]?.pid} (application "someone-else-migrating"`);
    expect(run.stderr).toContain('waiting for the migration lock');
    expect(run.json).toMatchObject({ exitCode: 3, error: { kind: 'LockTimeoutError', holder: { pid: rows[0]?.pid } } });
    expect(await historyNames(db.url).catch(() => [])).toEqual([]);
  });

  test('When the holder releases the lock while up waits, then up proceeds and applies', async () => {
    const run = runCli(['up', '--lock-wait', '10000'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));
    setTimeout(() => void holder.query('SELECT pg_advisory_unlock_all()'), 500);

    expect((await run).code).toBe(0);
    expect(await historyNames(db.url)).toEqual(['20250101000001-create-t000001.js']);
  });

  test('When the lock session is killed during a migration, then the runner stops before the next one with exit 3', async () => {
    const lost = await createEmptyDatabase();
    const dir = createFixtureDir([
      { name: '20250101000000-slow', up: ['SELECT pg_sleep(1)'] },
      { name: '20250102000000-after', up: ['CREATE TABLE after_lock_loss (id integer)'] },
    ]);
    try {
      const run = runCli(['up'], testEnv(lost.url, { MIGRATIONS_DIR: dir.dir }));
      await waitForActiveQuery(lost.url, 'SELECT pg_sleep(1)');
      // Only this database's lock session: files running in parallel hold theirs on the same server.
      await query(
        lost.url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'migrate:lock' AND datname = current_database()",
      );

      const result = await run;

      expect(result.code).toBe(3);
      expect(result.stderr).toContain('Lost the migration lock');
      expect(await historyNames(lost.url)).toEqual(['20250101000000-slow.js']);
    } finally {
      dir.remove();
      await lost.release();
    }
  });
});
