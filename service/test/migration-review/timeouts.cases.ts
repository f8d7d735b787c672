import { lintStatements } from '../../src/migration-review/lint';
import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

const TIMEOUTS_OFF = { runnerTimeoutsEnabled: false };

describe('migration lint: lock_timeout', () => {
  const db = useLintDatabase();

  test('When the runner timeouts are off and a migration alters a table without lock_timeout, then missing-lock-timeout fires', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN note text';

    const ruleIds = await ruleIdsOf(sql, TIMEOUTS_OFF);

    expect(ruleIds).toEqual(['missing-lock-timeout']);
    await db.runRolledBack(sql);
  });

  test.each([
    ['SET LOCAL', "SET LOCAL lock_timeout = '5s'"],
    ['SET', 'SET lock_timeout TO 5000'],
    ['set_config()', "SELECT set_config('lock_timeout', '5s', true)"],
  ])('When the migration sets lock_timeout with %s first, then lint is silent', async (_label, setTimeout) => {
    const sql = `${setTimeout}; ALTER TABLE lint_products ADD COLUMN note text`;

    const ruleIds = await ruleIdsOf(sql, TIMEOUTS_OFF);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When the runner sets its own timeouts, then lint is silent without lock_timeout', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN note text';

    const ruleIds = await ruleIdsOf(sql, { runnerTimeoutsEnabled: true });

    expect(ruleIds).toEqual([]);
  });

  test('When the migration sets lock_timeout to 0, then missing-lock-timeout still fires', async () => {
    const sql = 'SET LOCAL lock_timeout = 0; ALTER TABLE lint_products ADD COLUMN note text';

    const ruleIds = await ruleIdsOf(sql, TIMEOUTS_OFF);

    expect(ruleIds).toEqual(['missing-lock-timeout']);
    await db.runRolledBack(sql);
  });

  test('When a migration has several locking statements, then missing-lock-timeout is reported once', async () => {
    const sql = 'ALTER TABLE lint_products ADD COLUMN note text; ALTER TABLE lint_orders ADD COLUMN note_2 text';

    const ruleIds = await ruleIdsOf(sql, TIMEOUTS_OFF);

    expect(ruleIds).toEqual(['missing-lock-timeout']);
    await db.runRolledBack(sql);
  });

  test('When only the first migration of a plan sets lock_timeout, then the second one still fires', async () => {
    const statements = [
      {
        migration: '1-first.js',
        sql: "SET LOCAL lock_timeout = '5s'; ALTER TABLE lint_products ADD COLUMN note text",
        inTransaction: true,
      },
      { migration: '2-second.js', sql: 'ALTER TABLE lint_products ADD COLUMN other text', inTransaction: true },
    ];

    const findings = await lintStatements(statements, { createdInThisPlan: new Set(), runnerTimeoutsEnabled: false, accepted: {} });

    expect(findings.map((finding) => [finding.migration, finding.ruleId])).toEqual([['2-second.js', 'missing-lock-timeout']]);
  });

  test('When a migration only creates a new table, then missing-lock-timeout is silent', async () => {
    const sql = 'CREATE TABLE lint_scratch (id integer PRIMARY KEY); CREATE INDEX lint_scratch_id_idx ON lint_scratch (id)';

    const ruleIds = await ruleIdsOf(sql, TIMEOUTS_OFF);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration only builds an index CONCURRENTLY, then missing-lock-timeout is silent (reads and writes go on)', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY lint_products_name_idx ON lint_products (name)';

    const ruleIds = await ruleIdsOf(sql, { ...TIMEOUTS_OFF, inTransaction: false });

    expect(ruleIds).toEqual([]);
    await db.runAutocommit(sql, 'DROP INDEX CONCURRENTLY lint_products_name_idx');
  });
});
