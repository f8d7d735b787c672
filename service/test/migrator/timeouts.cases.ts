import { Client } from 'pg';
import { runMigrateCli } from '../../src/cli/migrate/main';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from './support/migration-fixtures';
import { historyNames, query, runCli, testEnv } from './support/migrate-runs';

describe('lock_timeout and statement_timeout', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  let blocker: Client;
  const env = (extra: NodeJS.ProcessEnv = {}) =>
    testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir, MIGRATE_LOCK_TIMEOUT_MS: '200', ...extra });

  beforeAll(async () => {
    db = await createEmptyDatabase();
    await query(db.url, 'CREATE TABLE busy (id integer)');
    fixtures = createFixtureDir([{ name: '20250101000000-alter-busy', up: ['ALTER TABLE busy ADD COLUMN note text'] }]);
    blocker = new Client({ connectionString: db.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    fixtures.remove();
    await db.release();
  });

  test('When a long transaction holds the table, then the migration retries on lock timeout and finally fails with exit 1, keeping nothing', async () => {
    await blocker.query('BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE');

    const run = await runCli(['up', '--lock-retries', '2'], env());
    await blocker.query('ROLLBACK');

    expect(run.code).toBe(1);
    expect(run.stdout.match(/lock timeout \(attempt \d\); retrying/g)).toHaveLength(2);
    expect(run.stderr).toContain('55P03');
    expect(run.stderr).toContain('Gave up after 3 attempts');
    expect(await historyNames(db.url)).toEqual([]);
  });

  test('When the blocking transaction ends during the retries, then the migration applies', async () => {
    await blocker.query('BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE');
    let stdout = '';
    // The blocker ends when the first retry is announced, not after a fixed time: on a loaded machine
    // the runner may not even have started within a given delay.
    const io = {
      stdout: (text: string) => {
        if (!stdout.includes('retrying') && text.includes('retrying')) void blocker.query('ROLLBACK');
        stdout += text;
      },
      stderr: () => undefined,
    };

    const code = await runMigrateCli(['up', '--lock-retries', '5'], env({ MIGRATE_RETRY_DELAY_MS: '200' }), io);

    expect(code).toBe(0);
    expect(stdout).toContain('retrying');
    expect(await historyNames(db.url)).toEqual(['20250101000000-alter-busy.js']);
  });

  test('When a statement runs longer than statement_timeout, then the migration fails with 57014 and keeps nothing', async () => {
    fixtures.write({ name: '20250102000000-slow', up: ['CREATE TABLE slow (id integer)', 'SELECT pg_sleep(2)'] });

    const run = await runCli(['up', '--statement-timeout', '300'], env());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('20250102000000-slow.js');
    expect(run.stderr).toContain('57014');
    expect(await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'slow'")).toEqual([]);
  });

  test('When timeouts are configured, then each migration statement runs with them', async () => {
    fixtures.write({
      name: '20250103000000-record-settings',
      up: [
        "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout",
      ],
    });

    expect((await runCli(['up', '--statement-timeout', '45000'], env({ MIGRATE_LOCK_TIMEOUT_MS: '1500' }))).code).toBe(0);

    expect(await query(db.url, 'SELECT * FROM seen')).toEqual([{ lock_timeout: '1500ms', statement_timeout: '45s' }]);
  });
});
