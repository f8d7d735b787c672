import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: renames', () => {
  const db = useLintDatabase();

  test('When a migration renames an existing table, then rename-table fires', async () => {
    const sql = 'ALTER TABLE lint_orders RENAME TO lint_purchases';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['rename-table']);
    await db.runRolledBack(sql);
  });

  test('When a migration expands with a view under the new name instead, then lint is silent', async () => {
    const sql = 'CREATE VIEW lint_purchases AS SELECT * FROM lint_orders';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration renames a column of an existing table, then rename-column fires', async () => {
    const sql = 'ALTER TABLE lint_products RENAME COLUMN description TO summary';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['rename-column']);
    await db.runRolledBack(sql);
  });

  test('When a migration expands with a new column instead of renaming, then lint is silent', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN summary varchar(2000)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration renames a constraint, then lint is silent (no running query names constraints)', async () => {
    const sql = 'ALTER TABLE lint_products RENAME CONSTRAINT lint_products_price_cents_non_negative TO lint_products_price_cents_positive';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });
});
