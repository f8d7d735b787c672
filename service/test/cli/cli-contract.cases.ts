import { runDbCli } from '../support/backup-fixtures';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, tableMigrations, type FixtureDir } from '../migrator/support/migration-fixtures';
import { historyNames, runCli, testEnv } from '../migrator/support/migrate-runs';

// Nothing listens on port 1: connecting fails at once with ECONNREFUSED.
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/none';

describe('the shared CLI contract (migrate and db)', () => {
  test.each([
    ['migrate', ['status', '--json']],
    ['migrate', ['up', '--json']],
    ['migrate', ['verify', '--json']],
    ['db', ['backup', '--json', '--dir', 'unused']],
  ])('When the database does not answer, then `%s %j` exits 5 with the one JSON error shape', async (tool, args) => {
    const env = testEnv(UNREACHABLE);

    const run = tool === 'migrate' ? await runCli(args, env) : await runDbCli(args, env);

    expect(run.code).toBe(5);
    const json = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
    expect(json).toMatchObject({ command: args[0], ok: false, exitCode: 5, database: '127.0.0.1:1/none' });
    expect(json.error).toMatchObject({ kind: 'DatabaseUnavailableError', message: expect.any(String) });
  });

  test('When pg_dump is missing, then `db backup` exits 7 at once, naming the tool and the ways to get it', async () => {
    const run = await runDbCli(
      ['backup', '--dir', 'unused'],
      testEnv(process.env.TEST_ADMIN_URL ?? '', { PG_DUMP: '/nonexistent/pg_dump' }),
    );

    expect(run.code).toBe(7);
    expect(run.stderr).toContain('/nonexistent/pg_dump --version failed');
    expect(run.stderr).toContain('apt-get install postgresql-client');
    expect(run.stderr).toContain('--docker');
  });

  test('When `db verify` names a file that does not exist, then it exits 2 saying so (not "bad backup")', async () => {
    const run = await runDbCli(['verify', 'nope.dump', '--json'], testEnv(UNREACHABLE));

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { message: expect.stringContaining('no such backup file') },
    });
  });

  test('When `rehearse` names a missing backup, then it exits 2 before touching any database', async () => {
    // The URL cannot be reached: exit 5 would show it tried to create the throwaway database first.
    const run = await runCli(['rehearse', '--from-backup', 'nope.dump'], testEnv(UNREACHABLE));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.dump: no such backup file');
  });

  test.each([
    ['restore', (url: string) => runDbCli(['restore', 'nope.dump', '--target', 'TARGET_URL'], testEnv(url, { TARGET_URL: url }))],
    ['baseline', (url: string) => runCli(['baseline', '--to', 'x'], testEnv(url))],
  ])('When `%s` targets a database on another machine without --yes, then it refuses with exit 4', async (_name, run) => {
    const result = await run('postgres://app@db.example.com:5432/app');

    expect(result.code).toBe(4);
    expect(result.stderr).toContain('looks like production');
    expect(result.stderr).toContain('--yes');
    expect(result.stderr).toContain('db.example.com:5432/app');
  });

  test('When a migrate command that takes no lock is asked for help, then it shows neither lock options nor every exit code', async () => {
    const create = await runCli(['create', '--help'], {});
    const up = await runCli(['up', '--help'], {});

    expect(create.stdout).not.toContain('--lock-wait');
    expect(create.stdout).not.toContain('3  timed out');
    expect(up.stdout).toContain('--lock-wait');
    expect(up.stdout).toContain('3  timed out waiting for the migration lock');
  });

  test.each(['backup', 'verify', 'restore', 'list', 'prune'])(
    'When `db %s --help` is asked, then it lists its exit codes',
    async (command) => {
      const run = await runDbCli([command, '--help'], {});

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Exit codes:\n  0  done\n');
    },
  );
});

describe('migrate names, targets and baseline', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  const migrations = tableMigrations(3);
  const env = () => testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });

  beforeEach(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir(migrations);
  });
  afterEach(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When `up --to` gets a name without extension and `down --to` one ending in .ts, then both are accepted', async () => {
    const up = await runCli(['up', '--to', migrations[1]!.name], env());
    const down = await runCli(['down', '--to', `migrations/${migrations[1]!.name}.ts`], env());

    expect(up.code).toBe(0);
    expect(down.code).toBe(0);
    expect(await historyNames(db.url)).toEqual([`${migrations[0]!.name}.js`]);
  });

  test('When `status` and `up` report to a person, then they name the database they target (without password)', async () => {
    const status = await runCli(['status'], env());
    const up = await runCli(['up'], env());

    const named = `database 127.0.0.1:${new URL(db.url).port || '5432'}/${db.name}`;
    expect(status.stdout.split('\n')[0]).toBe(named);
    expect(up.stdout.split('\n')[0]).toBe(named);
  });

  test('When `baseline` runs on a database without tables, then it refuses with exit 4 and points to `up`', async () => {
    const run = await runCli(['baseline', '--to', migrations[2]!.name], env());

    expect(run.code).toBe(4);
    expect(run.stderr).toContain('no tables');
    expect(run.stderr).toContain('migrate up');
    expect(await historyNames(db.url).catch(() => [])).toEqual([]);
  });
});
