import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMMANDS } from '../../src/cli/migrate/commands';
import { loadMigration } from '../../src/migrator/migration-module';
import { runCli, runCompiledCli, testEnv } from './support/migrate-runs';

describe('the migrate command line', () => {
  test.each(Object.keys(COMMANDS))(
    'When `%s --help` is asked, then it prints its usage, options and exit codes and exits 0',
    async (command) => {
      const run = await runCli([command, '--help'], {});

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: npm run migrate -- ${command}`);
      expect(run.stdout).toContain('--json');
      expect(run.stdout).toContain('Exit codes:\n  0  done\n');
      expect(run.stdout).toContain('2  bad usage');
    },
  );

  test('When asked for help without a command, then every command is listed', async () => {
    const run = await runCli(['--help'], {});

    expect(run.code).toBe(0);
    for (const command of Object.keys(COMMANDS)) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  test.each([
    [['nonsense'], 'Unknown command: nonsense'],
    [[], 'No command given'],
    [['up', '--step', '2'], 'up does not take --step'],
    [['down', '--step', 'two'], '--step must be a whole number'],
    [['down', '--to', 'x.js', '--step', '1'], 'Give --to or --step, not both'],
    [['repair'], '--accept NAME is required'],
    [['status', 'extra'], 'Unexpected argument: extra'],
    [['up', '--no-such-flag'], "Unknown option '--no-such-flag'"],
    [['up', '--lock-timeout', 'soon'], '--lock-timeout=soon must be a whole number'],
  ])('When run as `migrate %j`, then it exits 2 explaining the mistake', async (args, message) => {
    const run = await runCli(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('--help');
  });

  test('When DATABASE_URL is missing, then it exits 5 saying so', async () => {
    const run = await runCli(['status'], { PATH: process.env.PATH });

    expect(run.code).toBe(5);
    expect(run.stderr).toContain('DATABASE_URL is required');
  });

  test('When the database does not answer, then the compiled CLI exits 5 with JSON naming the failure', async () => {
    const run = await runCompiledCli(['status', '--json'], testEnv('postgres://postgres@127.0.0.1:1/none'));

    expect(run.code).toBe(5);
    expect(run.json).toMatchObject({ ok: false, exitCode: 5, error: { kind: 'DatabaseUnavailableError' } });
  });

  test('When `create AddSkuToItems` runs, then it writes a timestamped kebab-case migration with up and down', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'create-'));
    try {
      const run = await runCli(['create', 'AddSkuToItems', '--json'], { MIGRATIONS_DIR: dir });

      expect(run.code).toBe(0);
      const file = run.json?.file as string;
      expect(path.basename(file)).toMatch(/^\d{14}-add-sku-to-items\.ts$/);
      expect(readFileSync(file, 'utf8')).toContain('export async function down(queryInterface: QueryInterface)');
      expect(typeof loadMigration(file).down).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrate create, as a newcomer types it', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'create-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('When a migration of the same name exists (written seconds ago), then create refuses with exit 2 naming it', async () => {
    const first = await runCli(['create', 'add-sku-to-items', '--json'], { MIGRATIONS_DIR: dir });

    const second = await runCli(['create', 'add-sku-to-items'], { MIGRATIONS_DIR: dir });

    expect(first.code).toBe(0);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`${path.basename(first.json?.file as string)} already has the name add-sku-to-items`);
  });

  test('When the name has accented letters, then they keep their letter instead of becoming dashes', async () => {
    const run = await runCli(['create', 'ünïcode-Größe', '--json'], { MIGRATIONS_DIR: dir });

    expect(path.basename(run.json?.file as string)).toMatch(/^\d{14}-unicode-grosse\.ts$/);
  });
});
