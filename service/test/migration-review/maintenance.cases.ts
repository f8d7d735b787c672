import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: truncate and table rewrites', () => {
  const db = useLintDatabase();

  test('When a migration truncates an existing table, then truncate fires', async () => {
    const sql = 'TRUNCATE lint_orders';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['truncate']);
    await db.runRolledBack(sql);
  });

  test('When a migration deletes in batches instead, then lint is silent', async () => {
    const sql = 'DELETE FROM lint_orders WHERE id IN (SELECT id FROM lint_orders ORDER BY id LIMIT 1000)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration runs VACUUM FULL, then vacuum-full fires', async () => {
    const sql = 'VACUUM FULL lint_orders';

    const ruleIds = await ruleIdsOf(sql, { inTransaction: false });

    expect(ruleIds).toEqual(['vacuum-full']);
    await db.runAutocommit(sql);
  });

  test.each([
    ['plain VACUUM', 'VACUUM (ANALYZE) lint_orders'],
    ['VACUUM with FULL switched off', 'VACUUM (FULL false) lint_orders'],
  ])('When a migration runs %s, then lint is silent', async (_label, sql) => {
    const ruleIds = await ruleIdsOf(sql, { inTransaction: false });

    expect(ruleIds).toEqual([]);
    await db.runAutocommit(sql);
  });

  test('When a migration runs CLUSTER, then cluster fires', async () => {
    const sql = 'CLUSTER lint_orders USING lint_orders_pkey';

    const ruleIds = await ruleIdsOf(sql, { inTransaction: false });

    expect(ruleIds).toEqual(['cluster']);
    await db.runAutocommit(sql);
  });

  test('When a migration only marks the index to cluster on later, then lint is silent', async () => {
    const sql = 'ALTER TABLE lint_orders CLUSTER ON lint_orders_pkey';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });
});
