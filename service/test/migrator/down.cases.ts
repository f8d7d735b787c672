import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { auditRows, historyNames, runCli, testEnv } from './support/migrate-runs';

describe('migrate down', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  const env = () => testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });
  const names = tableMigrations(4).map((migration) => `${migration.name}.js`);

  beforeEach(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir(tableMigrations(4));
    expect((await runCli(['up'], env())).code).toBe(0);
  });
  afterEach(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When run without options, then only the last applied migration is reverted, and audited', async () => {
    const run = await runCli(['down', '--json'], env());

    expect(run.json).toMatchObject({ ok: true, reverted: [{ name: names[3] }] });
    expect(await historyNames(db.url)).toEqual(names.slice(0, 3));
    expect((await auditRows(db.url)).pop()).toMatchObject({ name: names[3], event: 'revert' });
  });

  test('When run with --step 2, then the last two are reverted, newest first', async () => {
    const run = await runCli(['down', '--step', '2', '--json'], env());

    expect((run.json?.reverted as { name: string }[]).map((m) => m.name)).toEqual([names[3], names[2]]);
    expect(await historyNames(db.url)).toEqual(names.slice(0, 2));
  });

  test('When run with --to NAME, then everything down to and including NAME is reverted', async () => {
    expect((await runCli(['down', '--to', names[1] as string], env())).code).toBe(0);

    expect(await historyNames(db.url)).toEqual(names.slice(0, 1));
  });

  test('When the migration to revert has no down(), then it stops with exit 1, says how to undo it, and keeps the history', async () => {
    fixtures.write({ name: '20250201000000-irreversible', up: ['CREATE TABLE kept (id integer)'] });
    expect((await runCli(['up'], env())).code).toBe(0);

    const run = await runCli(['down'], env());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('20250201000000-irreversible.js (down) failed: it exports no down()');
    expect(run.stderr).toContain('Restore from the backup');
    expect(await historyNames(db.url)).toContain('20250201000000-irreversible.js');
  });
});
