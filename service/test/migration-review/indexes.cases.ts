import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: indexes', () => {
  const db = useLintDatabase();

  test('When a migration creates an index on an existing table without CONCURRENTLY, then create-index-not-concurrently fires', async () => {
    const sql = 'CREATE INDEX lint_products_name_idx ON lint_products (name)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['create-index-not-concurrently']);
    await db.runRolledBack(sql);
  });

  test('When the index is created CONCURRENTLY outside a transaction, then lint is silent', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY lint_products_name_idx ON lint_products (name)';

    const ruleIds = await ruleIdsOf(sql, { inTransaction: false });

    expect(ruleIds).toEqual([]);
    await db.runAutocommit(sql, 'DROP INDEX CONCURRENTLY lint_products_name_idx');
  });

  test('When the table is created in the same migration, then a plain CREATE INDEX is silent', async () => {
    const sql = 'CREATE TABLE lint_scratch (id integer); CREATE INDEX lint_scratch_id_idx ON lint_scratch (id)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When the table was created by an earlier migration of the plan, then a plain CREATE INDEX is silent', async () => {
    const sql = 'CREATE INDEX ON public.lint_fresh (id)';

    const ruleIds = await ruleIdsOf(sql, { createdInThisPlan: new Set(['lint_fresh']) });

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(`CREATE TABLE lint_fresh (id integer); ${sql}`);
  });

  test('When a migration drops an index without CONCURRENTLY, then drop-index-not-concurrently fires', async () => {
    const sql = 'DROP INDEX lint_orders_note_idx';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['drop-index-not-concurrently']);
    await db.runRolledBack(sql);
  });

  test('When the index is dropped CONCURRENTLY outside a transaction, then lint is silent', async () => {
    const sql = 'DROP INDEX CONCURRENTLY lint_orders_note_idx';

    const ruleIds = await ruleIdsOf(sql, { inTransaction: false });

    expect(ruleIds).toEqual([]);
    await db.runAutocommit(sql, 'CREATE INDEX CONCURRENTLY lint_orders_note_idx ON lint_orders (note)');
  });

  test.each([
    ['CREATE INDEX', 'CREATE INDEX CONCURRENTLY lint_products_name_idx ON lint_products (name)'],
    ['DROP INDEX', 'DROP INDEX CONCURRENTLY lint_orders_note_idx'],
    ['REINDEX', 'REINDEX INDEX CONCURRENTLY lint_orders_note_idx'],
  ])(
    'When %s CONCURRENTLY runs inside a transaction, then concurrently-in-transaction fires and Postgres refuses it',
    async (_label, sql) => {
      const ruleIds = await ruleIdsOf(sql, { inTransaction: true });

      expect(ruleIds).toEqual(['concurrently-in-transaction']);
      await expect(db.runRolledBack(sql)).rejects.toThrow(/cannot run inside a transaction block/);
    },
  );

  test('When an index created earlier in the plan on public.table is dropped by its bare name, then lint is silent', async () => {
    const sql =
      'CREATE TABLE public.lint_scratch (id integer); CREATE INDEX lint_scratch_id_idx ON public.lint_scratch (id); DROP INDEX lint_scratch_id_idx';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });
});
