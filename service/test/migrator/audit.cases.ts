import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from './support/migration-fixtures';
import { query, runCli, testEnv } from './support/migrate-runs';

describe('the migration_audit table', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir([{ name: '20250101000000-audited', up: ['CREATE TABLE audited (id integer)'] }]);
  });
  afterAll(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When up runs with a backup id in CI, then the row records checksum, time, duration, runner version, git sha, backup id and actor', async () => {
    const env = testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir, GITHUB_SHA: 'abc123', MIGRATE_ACTOR: '', GITHUB_ACTOR: 'octocat' });

    expect((await runCli(['up', '--backup-id', 'backup-2025-01-01'], env)).code).toBe(0);

    const source = readFileSync(path.join(fixtures.dir, '20250101000000-audited.js'), 'utf8');
    const [row] = await query(db.url, 'SELECT * FROM migration_audit');
    expect(row).toMatchObject({
      name: '20250101000000-audited.js',
      event: 'apply',
      checksum: createHash('sha256').update(source).digest('hex'),
      runner_version: expect.stringMatching(/@\d+\.\d+\.\d+/),
      git_sha: 'abc123',
      backup_id: 'backup-2025-01-01',
      applied_by: 'github:octocat',
    });
    expect(row?.applied_at).toBeInstanceOf(Date);
    expect(typeof row?.duration_ms).toBe('number');
  });

  test('When SequelizeMeta is created by the runner, then it is exactly what sequelize-cli makes: one varchar(255) primary key column', async () => {
    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_name = 'SequelizeMeta'`,
    );
    const keys = await query(db.url, `SELECT contype FROM pg_constraint WHERE conrelid = '"SequelizeMeta"'::regclass`);

    expect(columns).toEqual([{ column_name: 'name', data_type: 'character varying', character_maximum_length: 255, is_nullable: 'NO' }]);
    expect(keys.map((key) => key.contype)).toContain('p');
  });
});
