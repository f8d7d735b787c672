import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from './support/migration-fixtures';
import { runCli, runCompiledCli, testEnv } from './support/migrate-runs';

// Prints the figures the issue asks for; durations are reported, never asserted.
describe('figures', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir(tableMigrations(200));
  });
  afterAll(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When the compiled runner applies the reference migrations to an empty database, then it reports each with its duration', async () => {
    const empty = await createEmptyDatabase();
    const started = performance.now();
    const run = await runCompiledCli(['up', '--json'], testEnv(empty.url));
    const processMs = Math.round(performance.now() - started);
    await empty.release();

    const applied = (run.json?.applied ?? []) as { durationMs: number }[];
    const inMigrations = applied.reduce((sum, migration) => sum + migration.durationMs, 0);
    process.stdout.write(
      `\nApply all ${applied.length} reference migration(s), compiled CLI on an empty database: ${processMs} ms process, ${inMigrations} ms in migrations\n`,
    );
    expect(run.code).toBe(0);
    expect(applied.length).toBeGreaterThan(0);
  });

  test('When 200 migrations are applied, then status lists all 200 as applied and ok', async () => {
    const env = testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });
    const upStarted = performance.now();
    expect((await runCli(['up'], env)).code).toBe(0);
    const upMs = Math.round(performance.now() - upStarted);

    const started = performance.now();
    const status = await runCli(['status', '--json'], env);
    const inProcessMs = Math.round(performance.now() - started);
    const compiledStarted = performance.now();
    const compiled = await runCompiledCli(['status', '--json'], env);
    const compiledMs = Math.round(performance.now() - compiledStarted);

    process.stdout.write(
      `\n200 migrations: up ${upMs} ms; status ${inProcessMs} ms in-process, ${compiledMs} ms as a compiled CLI process\n`,
    );
    expect(status.json).toMatchObject({ applied: 200, pending: 0, problems: [] });
    expect(compiled.json).toMatchObject({ applied: 200, pending: 0, problems: [] });
  });
});
