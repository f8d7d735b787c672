import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createMigrator } from '../src/migrator/migrator';
import { withDatabase } from '../src/db/postgres-url';
import { describeDatabase } from '../src/redact';
import { startEmbeddedPostgres } from '../dev/database-providers';
import { INSERT_BATCH } from '../dev/seed-items.sql';

export interface BenchDatabase {
  readonly url: string;
  readonly where: string;
  drop(): Promise<void>;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway, migrated and seeded database on BENCH_DATABASE_URL / DATABASE_URL's server
 * (or an embedded Postgres when neither is set), with a random name so runs never collide.
 */
export async function prepareBenchDatabase(seedCount: number, log: (line: string) => void): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const server = given ? undefined : await startEmbeddedPostgres();
  const adminUrl = given ?? server?.adminUrl ?? '';
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  const drop = async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await server?.stop();
  };
  try {
    const migrator = createMigrator({ databaseUrl: url });
    await migrator.up().finally(() => migrator.close());
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(INSERT_BATCH, [1, seedCount]);
    await client.query('ANALYZE items');
    await client.end();
  } catch (error) {
    await drop();
    throw error;
  }
  const where = `${server ? 'embedded Postgres' : 'Postgres'} at ${describeDatabase(url)}`;
  log(`database ${where}: migrated, ${seedCount.toLocaleString('en')} items seeded`);
  return { url, where, drop };
}
