import { ruleIdsOf, useLintDatabase } from '../support/lint-harness';

describe('migration lint: constraints', () => {
  const db = useLintDatabase();

  test('When a migration adds a foreign key without NOT VALID, then constraint-not-valid fires', async () => {
    const sql = 'ALTER TABLE lint_orders ADD CONSTRAINT lint_orders_product_fk FOREIGN KEY (product_id) REFERENCES lint_products (id)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['constraint-not-valid']);
    await db.runRolledBack(sql);
  });

  test('When the foreign key is added NOT VALID and validated afterwards, then lint is silent', async () => {
    const sql =
      'ALTER TABLE lint_orders ADD CONSTRAINT lint_orders_product_fk FOREIGN KEY (product_id) REFERENCES lint_products (id) NOT VALID; ' +
      'ALTER TABLE lint_orders VALIDATE CONSTRAINT lint_orders_product_fk';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a migration adds a check constraint without NOT VALID, then constraint-not-valid fires', async () => {
    const sql = "ALTER TABLE lint_products ADD CONSTRAINT lint_products_name_not_blank CHECK (name <> '')";

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['constraint-not-valid']);
    await db.runRolledBack(sql);
  });

  test('When the check constraint is added NOT VALID, then lint is silent', async () => {
    const sql = "ALTER TABLE lint_products ADD CONSTRAINT lint_products_name_not_blank CHECK (name <> '') NOT VALID";

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual([]);
    await db.runRolledBack(sql);
  });

  test('When a new column carries an inline REFERENCES, then constraint-not-valid fires', async () => {
    const sql = 'ALTER TABLE lint_orders ADD COLUMN gift_product_id integer REFERENCES lint_products (id)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['constraint-not-valid']);
    await db.runRolledBack(sql);
  });

  test('When a migration adds a UNIQUE constraint that builds its own index, then unique-without-index fires', async () => {
    const sql = 'ALTER TABLE lint_products ADD CONSTRAINT lint_products_name_unique UNIQUE (name)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['unique-without-index']);
    await db.runRolledBack(sql);
  });

  test('When the UNIQUE constraint uses an index built concurrently before, then lint is silent', async () => {
    const buildIndex = 'CREATE UNIQUE INDEX CONCURRENTLY lint_products_name_unique_idx ON lint_products (name)';
    const addConstraint =
      'ALTER TABLE lint_products ADD CONSTRAINT lint_products_name_unique UNIQUE USING INDEX lint_products_name_unique_idx';

    const buildFindings = await ruleIdsOf(buildIndex, { inTransaction: false });
    const constraintFindings = await ruleIdsOf(addConstraint);

    expect(buildFindings).toEqual([]);
    expect(constraintFindings).toEqual([]);
    await db.runAutocommit(buildIndex);
    await db.runRolledBack(addConstraint);
    await db.runAutocommit('DROP INDEX CONCURRENTLY lint_products_name_unique_idx');
  });

  test('When a migration adds a primary key that builds its own index, then unique-without-index fires', async () => {
    const sql = 'ALTER TABLE lint_archive.old_orders ADD PRIMARY KEY (id)';

    const ruleIds = await ruleIdsOf(sql);

    expect(ruleIds).toEqual(['unique-without-index']);
    await db.runRolledBack(sql);
  });
});
