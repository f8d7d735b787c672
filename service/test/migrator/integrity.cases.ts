import { appendFileSync, unlinkSync } from 'node:fs';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { auditRows, historyNames, runCli, testEnv } from './support/migrate-runs';

describe('integrity checks before up', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  let files: string[];
  const env = () => testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });

  beforeEach(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir();
    files = tableMigrations(3).map((migration) => fixtures.write(migration));
    expect((await runCli(['up'], env())).code).toBe(0);
  });
  afterEach(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When an applied migration was edited, then up refuses with exit 4 naming it, and repair --accept records the change', async () => {
    appendFileSync(files[1] as string, '// an edit after the fact\n');
    fixtures.write({ name: '20250201000000-next', up: ['CREATE TABLE next (id integer)'] });

    const refused = await runCli(['up', '--json'], env());

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('20250101000002-create-t000002.js was edited after it was applied');
    expect(refused.json).toMatchObject({ error: { problems: [{ kind: 'checksum-mismatch', name: '20250101000002-create-t000002.js' }] } });
    expect(await historyNames(db.url)).not.toContain('20250201000000-next.js');
    expect((await runCli(['verify'], env())).code).toBe(4);

    const repaired = await runCli(['repair', '--accept', '20250101000002-create-t000002.js', '--note', 'comment only'], env());
    expect(repaired.code).toBe(0);
    expect((await auditRows(db.url)).pop()).toMatchObject({
      name: '20250101000002-create-t000002.js',
      event: 'repair',
      applied_by: 'jest',
    });
    expect((await runCli(['up'], env())).code).toBe(0);
    expect(await historyNames(db.url)).toContain('20250201000000-next.js');
  });

  test('When an applied migration file is gone, then up refuses with exit 4, and repair --accept removes its history row', async () => {
    unlinkSync(files[2] as string);

    const refused = await runCli(['up'], env());

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('20250101000003-create-t000003.js was applied but its file is gone');
    expect((await runCli(['repair', '--accept', '20250101000003-create-t000003.js'], env())).code).toBe(0);
    expect(await historyNames(db.url)).not.toContain('20250101000003-create-t000003.js');
    expect((await runCli(['up'], env())).code).toBe(0);
  });

  test('When a pending migration sorts before the last applied one, then up refuses unless --allow-out-of-order', async () => {
    fixtures.write({ name: '20250101000001-late-merge', up: ['CREATE TABLE late (id integer)'] });

    const refused = await runCli(['up'], env());
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('20250101000001-late-merge.js is pending but sorts before 20250101000003-create-t000003.js');
    expect(await historyNames(db.url)).not.toContain('20250101000001-late-merge.js');

    const allowed = await runCli(['up', '--allow-out-of-order'], env());
    expect(allowed.code).toBe(0);
    expect(await historyNames(db.url)).toContain('20250101000001-late-merge.js');
  });

  test('When nothing changed, then verify exits 0 and status shows every migration applied and ok', async () => {
    expect((await runCli(['verify'], env())).code).toBe(0);
    const status = await runCli(['status', '--json'], env());
    expect(status.json).toMatchObject({ applied: 3, pending: 0, problems: [] });
    expect((status.json?.migrations as { check: string }[]).map((m) => m.check)).toEqual(['ok', 'ok', 'ok']);
  });
});
