import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { libpqEnv } from '../../../src/backup/connection';
import { toolBinary } from '../../../src/backup/pg-tools';
import { takeBackup } from '../../../src/backup/take-backup';
import { createEmptyDatabase } from '../../support/test-database';
import type { FixtureMigration } from '../../migrator/support/migration-fixtures';
import { query, runCli, testEnv } from '../../migrator/support/migrate-runs';

/** The table the release changes, which a database has before it. */
const CREATE_PRODUCTS: FixtureMigration = {
  name: '20250101000000-create-products',
  up: ['CREATE TABLE products (id serial PRIMARY KEY, name varchar(200) NOT NULL)'],
};

export const FIRST_MIGRATION = `${CREATE_PRODUCTS.name}.js`;

/** The backfill's batch of ids: 12,000 rows take three UPDATEs. */
const BACKFILL_BATCH = 5_000;

/**
 * A release as the plan and rehearsal tests review it, after the table: the five expand/contract
 * steps of docs/migrations.md, written as the reference migrations write them (a column filled by
 * a trigger, a batched backfill and a CONCURRENTLY index outside a transaction, a NOT VALID check,
 * then its validation). A folder of the tests' own, so they hold whatever migrations a fork keeps.
 */
export const EXPAND_CONTRACT: readonly FixtureMigration[] = [
  CREATE_PRODUCTS,
  {
    name: '20250102000000-add-products-name-normalized',
    up: [
      "js:await queryInterface.addColumn('products', 'name_normalized', { type: Sequelize.STRING(200), allowNull: true })",
      `CREATE FUNCTION products_fill_name_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.name_normalized := lower(btrim(NEW.name));
         RETURN NEW;
       END
       $$`,
      'CREATE TRIGGER products_fill_name_normalized BEFORE INSERT OR UPDATE OF name ON products ' +
        'FOR EACH ROW EXECUTE FUNCTION products_fill_name_normalized()',
    ],
  },
  {
    name: '20250102000100-backfill-products-name-normalized',
    useTransaction: false,
    up: [
      `js:const [range] = await queryInterface.sequelize.query('SELECT min(id) AS first, max(id) AS last FROM products', {
         type: Sequelize.QueryTypes.SELECT,
       });
       if (range.first === null) return;
       for (let from = Number(range.first); from <= Number(range.last); from += ${BACKFILL_BATCH}) {
         await queryInterface.sequelize.query(
           'UPDATE products SET name_normalized = lower(btrim(name)) WHERE id BETWEEN :from AND :to AND name_normalized IS NULL',
           { replacements: { from, to: from + ${BACKFILL_BATCH - 1} } },
         );
       }`,
    ],
  },
  {
    name: '20250102000200-index-products-name-normalized',
    useTransaction: false,
    up: ["js:await queryInterface.addIndex('products', ['name_normalized'], { name: 'products_name_normalized_idx', concurrently: true })"],
  },
  {
    name: '20250102000300-check-products-name-normalized',
    up: ['ALTER TABLE products ADD CONSTRAINT products_name_normalized_present CHECK (name_normalized IS NOT NULL) NOT VALID'],
  },
  {
    name: '20250102000400-validate-products-name-normalized',
    up: ['ALTER TABLE products VALIDATE CONSTRAINT products_name_normalized_present'],
  },
];

export type EmptyDatabase = Awaited<ReturnType<typeof createEmptyDatabase>>;

/** A database as production looks before the expand/contract release in `migrationsDir`: products created, with rows. */
export async function databaseBeforeExpand(migrationsDir: string, rows: number): Promise<EmptyDatabase> {
  const db = await createEmptyDatabase();
  const run = await runCli(['up', '--to', FIRST_MIGRATION], testEnv(db.url, { MIGRATIONS_DIR: migrationsDir }));
  if (run.code !== 0) throw new Error(`could not prepare the database: ${run.stderr}`);
  if (rows > 0) await query(db.url, "INSERT INTO products (name) SELECT 'Product ' || g FROM generate_series(1, $1::int) AS g", [rows]);
  return db;
}

/** A backup of `url` in `dir`, as the deploy takes it; returns the dump's path. */
export async function backupOf(url: string, dir: string): Promise<string> {
  return (await takeBackup({ databaseUrl: url, dir })).dumpPath;
}

/** Throwaway databases a command announced on stderr. */
export function throwawaysIn(stderr: string): string[] {
  return [...stderr.matchAll(/throwaway database (migrate_plan_[0-9a-f]+)/g)].map((match) => match[1] as string);
}

export async function databaseExists(url: string, name: string): Promise<boolean> {
  return (await query(url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

/** Everything a plan must leave alone: the whole schema as pg_dump prints it, history and audit. */
export async function targetState(url: string): Promise<{ schema: string; history: unknown[]; audit: unknown[] }> {
  const { stdout } = await promisify(execFile)(toolBinary('pg_dump'), ['--schema-only', '--no-owner'], { env: libpqEnv(url) });
  return {
    // pg_dump 15.14+ wraps its output in \restrict with a random key per run.
    schema: stdout.replace(/^\\(un)?restrict .*$/gm, ''),
    history: await query(url, 'SELECT name FROM "SequelizeMeta" ORDER BY name'),
    audit: await query(url, 'SELECT * FROM migration_audit ORDER BY id'),
  };
}
