import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: drops', () => {
  const db = useLintDatabase();

  test('When a migration drops an existing table, then drop-table fires', async () => {
    const sql = 'DROP TABLE lint_orders';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['drop-table']);
    await db.runRolledBack(sql);
  });

  test('When a migration drops a table created earlier in the same plan, then lint is silent', async () => {
    const sql = 'CREATE TABLE lint_scratch (id integer); DROP TABLE lint_scratch';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a schema-qualified table is dropped, then drop-table fires', async () => {
    const sql = 'DROP TABLE IF EXISTS lint_archive.old_orders';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['drop-table']);
    await db.runRolledBack(sql);
  });

  test('When a migration drops a column of an existing table, then drop-column fires', async () => {
    const sql = 'ALTER TABLE lint_products DROP COLUMN description';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['drop-column']);
    await db.runRolledBack(sql);
  });

  test('When the table was created by an earlier migration of the plan, then dropping its column is silent', async () => {
    const sql = 'ALTER TABLE lint_fresh DROP COLUMN legacy';

    const ruleIds = await ruleIdsOf(sql, { createdInThisPlan: new Set(['lint_fresh']) });

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(`CREATE TABLE lint_fresh (id integer, legacy text); ${sql}`);
  });

  test('When a migration drops an existing schema, then drop-schema fires', async () => {
    const sql = 'DROP SCHEMA lint_archive CASCADE';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['drop-schema']);
    await db.runRolledBack(sql);
  });

  test('When a migration drops a schema it created itself, then lint is silent', async () => {
    const sql = 'CREATE SCHEMA lint_staging; DROP SCHEMA lint_staging';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });
});
