import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { auditRows, historyNames, runCompiledCli, testEnv } from './support/migrate-runs';

describe('migrate up from several processes at once', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    // A slow first migration keeps the lock held long enough for every other process to wait on it.
    fixtures = createFixtureDir([
      { name: '20250101000000-slow', up: ['SELECT pg_sleep(0.5)', 'CREATE TABLE slow (id integer)'], down: ['DROP TABLE slow'] },
      ...tableMigrations(4, '20250102'),
    ]);
  });
  afterAll(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When five compiled `migrate up` processes start together, then each migration is applied exactly once and all exit 0', async () => {
    const env = testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });

    const runs = await Promise.all(Array.from({ length: 5 }, () => runCompiledCli(['up', '--json'], env)));

    const appliedCounts = runs.map((run) => (run.json?.applied as unknown[] | undefined)?.length ?? -1);
    const audit = await auditRows(db.url);
    const applies = audit.filter((row) => row.event === 'apply').map((row) => row.name);
    process.stdout.write(
      `\nConcurrency: ${runs.length} processes, exit codes [${runs.map((run) => run.code).join(', ')}], ` +
        `migrations applied per process [${appliedCounts.join(', ')}], apply audit rows ${applies.length} for 5 migrations\n`,
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 0]);
    expect(applies.sort()).toEqual(await historyNames(db.url));
    expect(new Set(applies).size).toBe(5);
    expect(appliedCounts.reduce((sum, count) => sum + count, 0)).toBe(5);
  });
});
