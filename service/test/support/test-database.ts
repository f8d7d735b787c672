import { Client } from 'pg';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../src/db/sequelize';
import { withDatabase } from '../../src/db/postgres-url';
import { templateName, testDatabaseName } from './test-database-names';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly sequelize: Sequelize;
  drop(): Promise<void>;
}

function harnessEnv(): { adminUrl: string; runId: string } {
  const adminUrl = process.env.TEST_ADMIN_URL;
  const runId = process.env.TEST_RUN_ID;
  if (!adminUrl || !runId) throw new Error('The test database harness did not run; start tests with `make test` (jest globalSetup).');
  return { adminUrl, runId };
}

async function adminQuery(adminUrl: string, ...statements: string[]): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

// A throwaway database need not survive a crash: commits stop waiting for the WAL flush, which on
// a disk-backed server is most of a small transaction's time. Visibility and locking are unchanged.
const NOT_DURABLE = (name: string) => `ALTER DATABASE "${name}" SET synchronous_commit = off`;

/** An empty database of this run, not migrated (for migration tests). */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const { adminUrl, runId } = harnessEnv();
  const name = testDatabaseName(runId);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`, NOT_DURABLE(name));
  return { name, url: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A private, fully migrated database cloned from the run's template: no other file sees its rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, runId } = harnessEnv();
  const name = testDatabaseName(runId);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${templateName(runId)}"`, NOT_DURABLE(name));
  const url = withDatabase(adminUrl, name);
  const sequelize = createSequelize({ databaseUrl: url, dbPoolMax: 5 });
  // A new Sequelize reads the server version on a connection of its own, outside the pool, which
  // close() does not wait for. Read it now, so no session is still starting when drop() ends them
  // all (an app's first metrics refresh would otherwise open it in the background).
  await sequelize.authenticate();
  return {
    name,
    url,
    sequelize,
    drop: async () => {
      await sequelize.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
