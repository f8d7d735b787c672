import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from './support/migration-fixtures';
import { auditRows, historyNames, query, runCli, testEnv } from './support/migrate-runs';

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((row) => row.table_name);
}

describe('a failing migration', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir([{ name: '20250101000000-first', up: ['CREATE TABLE first (id integer)'], down: ['DROP TABLE first'] }]);
    await runCli(['up'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));
  });
  afterAll(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When its last statement fails, then schema and history are exactly as before, and the error names the migration and the Postgres error', async () => {
    const before = { tables: await tables(db.url), history: await historyNames(db.url), audit: await auditRows(db.url) };
    fixtures.write({
      name: '20250102000000-broken',
      up: [
        'CREATE TABLE half_done (id integer)',
        'ALTER TABLE first ADD COLUMN note text',
        'ALTER TABLE no_such_table ADD COLUMN x integer',
      ],
    });

    const run = await runCli(['up', '--json'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('20250102000000-broken.js');
    expect(run.stderr).toContain('relation "no_such_table" does not exist');
    expect(run.stderr).toContain('42P01');
    expect(run.json).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { migration: '20250102000000-broken.js', postgres: { code: '42P01' } },
    });
    expect(await tables(db.url)).toEqual(before.tables);
    const columns = await query(db.url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'first'");
    expect(columns).toEqual([{ column_name: 'id' }]);
    expect(await historyNames(db.url)).toEqual(before.history);
    expect(await auditRows(db.url)).toEqual(before.audit);
  });

  test('When a migration succeeds, then its history row and audit row are committed with it', async () => {
    fixtures.remove();
    fixtures = createFixtureDir([
      { name: '20250101000000-first', up: ['CREATE TABLE first (id integer)'], down: ['DROP TABLE first'] },
      { name: '20250103000000-second', up: ['CREATE TABLE second (id integer)'], down: ['DROP TABLE second'] },
    ]);

    const run = await runCli(['up'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/applied 20250103000000-second\.js \(\d+ ms\)/);
    expect(await historyNames(db.url)).toEqual(['20250101000000-first.js', '20250103000000-second.js']);
    expect((await auditRows(db.url)).filter((row) => row.name === '20250103000000-second.js')).toEqual([
      expect.objectContaining({ event: 'apply', applied_by: 'jest', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
  });

  test('When a migration opens its own transaction (the sequelize-cli idiom) and then fails, then that work is rolled back too', async () => {
    fixtures.write({
      name: '20250104000000-own-transaction',
      up: [
        "js: await queryInterface.sequelize.transaction(async (transaction) => { await queryInterface.createTable('inner_work', { id: Sequelize.INTEGER }, { transaction }); })",
        'SELECT no_such_function()',
      ],
    });

    const run = await runCli(['up'], testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir }));

    expect(run.code).toBe(1);
    expect(await tables(db.url)).not.toContain('inner_work');
    expect(await historyNames(db.url)).not.toContain('20250104000000-own-transaction.js');
  });
});
