import { Client } from 'pg';
import { lintStatements, type Finding, type LintContext, type RuleId } from '../../src/migration-review/lint';
import { createTestDatabase, type TestDatabase } from './test-database';

export const MIGRATION = '20260101000000-under-review.js';

/**
 * Tables of the lint tests' own, whatever the migrations made: lint_products in the shape of a
 * resource's table (a named check, a default), a child table referencing it, with rows and an
 * index, and a schema, so every bad and safe statement of the lint tests has something real to
 * act on. Rows matter: some dangerous statements only fail, or only hurt, on a table that has data.
 */
const FIXTURE_SQL = `
  CREATE TABLE lint_products (
    id serial PRIMARY KEY,
    name varchar(200) NOT NULL,
    description varchar(2000),
    price_cents integer NOT NULL CONSTRAINT lint_products_price_cents_non_negative CHECK (price_cents >= 0),
    quantity integer NOT NULL DEFAULT 0
  );
  INSERT INTO lint_products (name, description, price_cents) VALUES ('lint fixture', 'has a description', 100);
  CREATE TABLE lint_orders (id serial PRIMARY KEY, product_id integer, note text);
  INSERT INTO lint_orders (product_id, note) SELECT id, 'first order' FROM lint_products;
  CREATE INDEX lint_orders_note_idx ON lint_orders (note);
  CREATE SCHEMA lint_archive;
  CREATE TABLE lint_archive.old_orders (id integer);
`;

export interface LintOptions extends Partial<LintContext> {
  readonly inTransaction?: boolean;
}

/** Lints SQL as one migration of a plan (runner timeouts on unless told otherwise). */
export async function lintSql(sql: string, options: LintOptions = {}): Promise<Finding[]> {
  return lintStatements([{ migration: MIGRATION, sql, inTransaction: options.inTransaction ?? true }], {
    createdInThisPlan: options.createdInThisPlan ?? new Set(),
    runnerTimeoutsEnabled: options.runnerTimeoutsEnabled ?? true,
    accepted: options.accepted ?? {},
  });
}

export async function ruleIdsOf(sql: string, options: LintOptions = {}): Promise<RuleId[]> {
  return (await lintSql(sql, options)).map((finding) => finding.ruleId);
}

export interface LintDatabase {
  /** Runs SQL in a transaction that is rolled back: proof that Postgres accepts it, and nothing is left behind. */
  runRolledBack(sql: string): Promise<void>;
  /** Runs each statement on its own outside any transaction, as the runner runs a CONCURRENTLY migration. */
  runAutocommit(...statements: string[]): Promise<void>;
}

/** Registers beforeAll/afterAll giving the file its own migrated database with the lint fixture. */
export function useLintDatabase(): LintDatabase {
  const state = {} as { db: TestDatabase; client: Client };
  beforeAll(async () => {
    state.db = await createTestDatabase();
    state.client = new Client({ connectionString: state.db.url });
    await state.client.connect();
    await state.client.query(FIXTURE_SQL);
  });
  afterAll(async () => {
    await state.client?.end();
    await state.db?.release();
  });
  return {
    runRolledBack: async (sql) => {
      await state.client.query('BEGIN');
      try {
        await state.client.query(sql);
      } finally {
        await state.client.query('ROLLBACK');
      }
    },
    runAutocommit: async (...statements) => {
      for (const statement of statements) await state.client.query(statement);
    },
  };
}
