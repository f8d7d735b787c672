import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { REPOSITORY_ROOT as ROOT } from '../support/compiled';
import { runCli, runCompiledCli, testEnv } from './support/migrate-runs';

const SEQUELIZE_CLI = path.join(ROOT, 'node_modules/sequelize-cli/lib/sequelize');
const COMPILED_MIGRATIONS = path.join(ROOT, 'dist/migrations');

/** `sequelize-cli db:migrate:status` as `{ name: 'up' | 'down' }`; it reads compiled .js migrations. */
async function sequelizeCliStatus(url: string, migrationsPath: string): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [SEQUELIZE_CLI, 'db:migrate:status', '--url', url, '--migrations-path', migrationsPath],
    {
      cwd: ROOT,
    },
  );
  return Object.fromEntries([...stdout.matchAll(/^(up|down) (\S+)$/gm)].map((match): [string, string] => [match[2] ?? '', match[1] ?? '']));
}

function runnerStatus(json: Record<string, unknown> | undefined): Record<string, string> {
  const migrations = (json?.migrations ?? []) as { name: string; state: string }[];
  return Object.fromEntries(migrations.map((m) => [m.name, m.state === 'applied' ? 'up' : 'down']));
}

describe('agreement with sequelize-cli', () => {
  let migrated: TestDatabase;

  beforeAll(async () => {
    migrated = await createTestDatabase();
  });
  afterAll(async () => {
    await migrated.release();
  });

  test('When the runner applied the reference migrations from .ts, then sequelize-cli and the compiled runner agree and see no checksum problem', async () => {
    const cli = await sequelizeCliStatus(migrated.url, COMPILED_MIGRATIONS);
    const compiled = await runCompiledCli(['status', '--json'], testEnv(migrated.url));

    expect(Object.keys(cli).length).toBeGreaterThan(0);
    expect(Object.values(cli).every((state) => state === 'up')).toBe(true);
    expect(runnerStatus(compiled.json)).toEqual(cli);
    expect((compiled.json?.migrations as { check: string }[]).every((m) => m.check === 'ok')).toBe(true);
    expect((await runCompiledCli(['verify'], testEnv(migrated.url))).code).toBe(0);
  });

  describe('with some migrations pending', () => {
    let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
    let fixtures: FixtureDir;

    beforeAll(async () => {
      db = await createEmptyDatabase();
      fixtures = createFixtureDir(tableMigrations(3));
    });
    afterAll(async () => {
      fixtures.remove();
      await db.release();
    });

    test('When the runner applied two of three, then both tools list the same two up and one down', async () => {
      const env = testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });
      await runCli(['up', '--to', '20250101000002-create-t000002.js'], env);

      const cli = await sequelizeCliStatus(db.url, fixtures.dir);
      const runner = runnerStatus((await runCli(['status', '--json'], env)).json);

      expect(cli).toEqual({
        '20250101000001-create-t000001.js': 'up',
        '20250101000002-create-t000002.js': 'up',
        '20250101000003-create-t000003.js': 'down',
      });
      expect(runner).toEqual(cli);
    });
  });

  describe('a database sequelize-cli migrated', () => {
    let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
    let fixtures: FixtureDir;
    const env = () => testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });

    beforeAll(async () => {
      db = await createEmptyDatabase();
      // Migrations of its own that leave tables: baseline adopts only a database that has some, and
      // the project's may leave none (a fork that removed its resources drops their tables).
      fixtures = createFixtureDir(tableMigrations(3));
      await promisify(execFile)(process.execPath, [SEQUELIZE_CLI, 'db:migrate', '--url', db.url, '--migrations-path', fixtures.dir], {
        cwd: ROOT,
      });
    });
    afterAll(async () => {
      fixtures?.remove();
      await db?.release();
    });

    // The runner in this process: the compiled one's agreement with sequelize-cli is the first case's.
    test('When the runner takes over, then it sees the migrations applied but unverified, and baseline records their checksums', async () => {
      const before = await runCli(['status', '--json'], env());
      const names = Object.keys(runnerStatus(before.json));
      const last = names[names.length - 1] as string;

      const baseline = await runCli(['baseline', '--to', last, '--json'], env());
      const after = await runCli(['status', '--json'], env());

      expect((before.json?.migrations as { check: string }[]).every((m) => m.check === 'unverified')).toBe(true);
      expect(baseline.json).toMatchObject({ ok: true, baselined: names });
      expect((after.json?.migrations as { check: string; state: string }[]).every((m) => m.check === 'ok' && m.state === 'applied')).toBe(
        true,
      );
      expect((await runCli(['up', '--json'], env())).json).toMatchObject({ ok: true, applied: [] });
    });
  });
});
