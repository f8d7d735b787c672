import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from './support/migration-fixtures';
import { historyNames, query, runCli, testEnv } from './support/migrate-runs';

async function indexState(url: string, name: string): Promise<{ valid: boolean }[]> {
  return query(url, 'SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1', [name]);
}

describe('migrations that run outside a transaction (useTransaction = false)', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let fixtures: FixtureDir;
  const env = () => testEnv(db.url, { MIGRATIONS_DIR: fixtures.dir });

  beforeEach(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir([{ name: '20250101000000-create-codes', up: ['CREATE TABLE codes (id integer, code text)'] }]);
    expect((await runCli(['up'], env())).code).toBe(0);
  });
  afterEach(async () => {
    fixtures.remove();
    await db.release();
  });

  test('When it creates an index concurrently, then the index is valid and the migration is recorded', async () => {
    fixtures.write({
      name: '20250102000000-index-codes',
      useTransaction: false,
      up: ["js: await queryInterface.addIndex('codes', ['code'], { name: 'codes_code_idx', concurrently: true })"],
    });

    expect((await runCli(['up'], env())).code).toBe(0);

    expect(await indexState(db.url, 'codes_code_idx')).toEqual([{ valid: true }]);
    expect(await historyNames(db.url)).toContain('20250102000000-index-codes.js');
  });

  test('When it backfills in batches, then each UPDATE commits on its own and a failed batch keeps the ones before it', async () => {
    await query(db.url, 'INSERT INTO codes SELECT g, NULL FROM generate_series(1, 30) AS g');
    fixtures.write({
      name: '20250102000000-backfill-codes',
      useTransaction: false,
      up: [
        "UPDATE codes SET code = 'c' || id WHERE id BETWEEN 1 AND 10 AND code IS NULL",
        "UPDATE codes SET code = 'c' || id WHERE id BETWEEN 11 AND 20 AND code IS NULL",
        'UPDATE codes SET code = (id / 0)::text WHERE id BETWEEN 21 AND 30 AND code IS NULL',
      ],
    });

    const run = await runCli(['up'], env());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('division by zero');
    expect(await query(db.url, 'SELECT count(*)::int AS filled FROM codes WHERE code IS NOT NULL')).toEqual([{ filled: 20 }]);
    expect(await historyNames(db.url)).not.toContain('20250102000000-backfill-codes.js');
  });

  test('When it holds a statement that could run in a transaction, then the runner refuses it before sending it', async () => {
    fixtures.write({
      name: '20250102000000-mixed',
      useTransaction: false,
      up: ['CREATE INDEX CONCURRENTLY codes_id_idx ON codes (id)', 'ALTER TABLE codes ADD COLUMN note text'],
    });

    const run = await runCli(['up'], env());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('20250102000000-mixed.js runs outside a transaction');
    expect(run.stderr).toContain('Refused: ALTER TABLE codes ADD COLUMN note text');
    expect(await query(db.url, "SELECT 1 FROM information_schema.columns WHERE table_name = 'codes' AND column_name = 'note'")).toEqual([]);
    expect(await historyNames(db.url)).not.toContain('20250102000000-mixed.js');
  });

  test('When an earlier run left an INVALID index, then it is dropped before the retry builds it again', async () => {
    await query(db.url, "INSERT INTO codes VALUES (1, 'a'), (2, 'a')");
    fixtures.write({
      name: '20250102000000-unique-codes',
      useTransaction: false,
      up: ['CREATE UNIQUE INDEX CONCURRENTLY codes_code_key ON codes (code)'],
    });
    const failed = await runCli(['up'], env());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('23505');
    expect(await indexState(db.url, 'codes_code_key')).toEqual([{ valid: false }]);
    await query(db.url, 'DELETE FROM codes WHERE id = 2');

    const retried = await runCli(['up'], env());

    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('dropped INVALID index public.codes_code_key');
    expect(await indexState(db.url, 'codes_code_key')).toEqual([{ valid: true }]);
    expect(await historyNames(db.url)).toContain('20250102000000-unique-codes.js');
  });
});
