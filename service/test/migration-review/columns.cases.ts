import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: column changes', () => {
  const db = useLintDatabase();

  test('When a migration changes a column type, then change-column-type fires', async () => {
    const sql = 'ALTER TABLE lint_products ALTER COLUMN quantity TYPE bigint';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['change-column-type']);
    await db.runRolledBack(sql);
  });

  test('When a migration adds a column of the new type instead, then lint is silent', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN quantity_big bigint';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration sets NOT NULL on an existing column, then set-not-null fires', async () => {
    const sql = 'ALTER TABLE lint_products ALTER COLUMN description SET NOT NULL';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['set-not-null']);
    await db.runRolledBack(sql);
  });

  test('When a migration adds a NOT VALID check for IS NOT NULL and validates it, then lint is silent', async () => {
    const sql =
      'ALTER TABLE lint_products ADD CONSTRAINT lint_products_description_present CHECK (description IS NOT NULL) NOT VALID; ' +
      'ALTER TABLE lint_products VALIDATE CONSTRAINT lint_products_description_present';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration adds a NOT NULL column without a default, then it fires and Postgres rejects it on a table with rows', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN lint_probe_code text NOT NULL';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['add-not-null-column-without-default']);
    await expect(db.runRolledBack(sql)).rejects.toThrow(/contains null values/);
  });

  test('When the NOT NULL column has a constant default, then lint is silent', async () => {
    const sql = "ALTER TABLE lint_products ADD COLUMN lint_probe_code text NOT NULL DEFAULT ''";

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test.each([
    ['gen_random_uuid()', 'ALTER TABLE lint_products ADD COLUMN public_id uuid DEFAULT gen_random_uuid()'],
    ['clock_timestamp()', 'ALTER TABLE lint_products ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp()'],
    ['random() under a cast', 'ALTER TABLE lint_products ADD COLUMN bucket integer DEFAULT (random() * 10)::integer'],
    ['a bigserial column', 'ALTER TABLE lint_products ADD COLUMN position bigserial'],
    ['an identity column', 'ALTER TABLE lint_products ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY'],
  ])('When a migration adds a column whose default is %s, then add-column-volatile-default fires', async (_label, sql) => {
    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['add-column-volatile-default']);
    await db.runRolledBack(sql);
  });

  test.each([
    ['now()', 'ALTER TABLE lint_products ADD COLUMN seen_at timestamptz DEFAULT now()'],
    ['CURRENT_TIMESTAMP', 'ALTER TABLE lint_products ADD COLUMN seen_at timestamptz DEFAULT CURRENT_TIMESTAMP'],
    ['a constant', "ALTER TABLE lint_products ADD COLUMN status text DEFAULT 'active'"],
  ])('When a migration adds a column whose default is %s, then lint is silent', async (_label, sql) => {
    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When the volatile default is set after adding the column, then lint is silent (only new rows get it)', async () => {
    const sql =
      'ALTER TABLE lint_products ADD COLUMN public_id uuid; ALTER TABLE lint_products ALTER COLUMN public_id SET DEFAULT gen_random_uuid()';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });
});
