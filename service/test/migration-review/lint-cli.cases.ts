import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEmptyDatabase } from '../support/test-database';
import { makeTempDir } from '../support/backup-fixtures';
import { createFixtureDir, fixtureSource, type FixtureDir } from '../migrator/support/migration-fixtures';
import { historyNames, runCli, testEnv } from '../migrator/support/migrate-runs';
import type { EmptyDatabase } from './support/plan-fixtures';

const CREATE = { name: '20260101000000-create-orders', up: ['CREATE TABLE orders (id integer PRIMARY KEY, legacy_note text)'] };
const DROP = { name: '20260102000000-drop-orders-legacy-note', up: ['ALTER TABLE orders DROP COLUMN legacy_note'] };

describe('migrate lint and plan on the command line', () => {
  let db: EmptyDatabase;
  let fixtures: FixtureDir;
  let folder: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir([CREATE, DROP]);
    folder = makeTempDir('lint-cli-');
    await runCli(['up', '--to', `${CREATE.name}.js`, '--migrations-dir', fixtures.dir], testEnv(db.url));
  });
  afterAll(async () => {
    fixtures?.remove();
    folder?.remove();
    await db?.release();
  });

  test('When the reference migrations are linted, then every statement passes with no finding, accepted or not, and lint exits 0', async () => {
    const fresh = await createEmptyDatabase();
    try {
      const run = await runCli(['lint', '--json'], testEnv(fresh.url));

      expect(run.code).toBe(0);
      expect(run.json).toMatchObject({ command: 'lint', ok: true, errors: 0, accepted: 0, findings: [] });
    } finally {
      await fresh.release();
    }
  });

  test('When a pending migration drops a column without a reviewed marker, then lint exits 1 and --json names the migration, statement and rule', async () => {
    const run = await runCli(['lint', '--json', '--migrations-dir', fixtures.dir], testEnv(db.url));

    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ ok: false, errors: 1, accepted: 0 });
    const [finding] = run.json?.findings as Record<string, unknown>[];
    expect(finding).toMatchObject({
      migration: `${DROP.name}.js`,
      statement: 'ALTER TABLE orders DROP COLUMN legacy_note',
      ruleId: 'drop-column',
      severity: 'error',
      annotation: { title: 'drop-column', level: 'error', file: expect.stringContaining(`${DROP.name}.js`) as unknown },
    });
  });

  test('When the same migration accepts the finding with a reason, then lint reports it accepted and exits 0', async () => {
    const accepted = createFixtureDir([CREATE]);
    writeFileSync(
      path.join(accepted.dir, `${DROP.name}.js`),
      `${fixtureSource(DROP)}exports.accept = { 'drop-column': 'legacy_note unused since v1.4' };\n`,
    );
    try {
      const run = await runCli(['lint', '--migrations-dir', accepted.dir], testEnv(db.url));

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('accepted  20260102000000-drop-orders-legacy-note.js  drop-column');
      expect(run.stdout).toContain('legacy_note unused since v1.4');
    } finally {
      accepted.remove();
    }
  });

  test('When `plan --out FILE --against VAR` runs, then the SQL goes to stdout and the file, progress to stderr, and the target is not migrated', async () => {
    const out = path.join(folder.dir, 'plan.sql');
    const env = { ...testEnv('postgres://nobody@127.0.0.1:1/unused'), TARGET_URL: db.url };

    const run = await runCli(['plan', '--against', 'TARGET_URL', '--out', out, '--migrations-dir', fixtures.dir], env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`-- ${DROP.name}.js (one transaction with its history row)\nALTER TABLE orders DROP COLUMN legacy_note;`);
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    expect(run.stderr).toContain('throwaway database migrate_plan_');
    expect(await historyNames(db.url)).toEqual([`${CREATE.name}.js`]);
  });

  test('When both --against and --from-backup are given, then plan exits 2 saying to pick one', async () => {
    const run = await runCli(['plan', '--against', db.url, '--from-backup', 'x.dump'], testEnv(db.url));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Give --against or --from-backup, not both.');
  });
});
