import { Client } from 'pg';
import { createMigrator } from '../../src/migrator/migrator';
import { loadEnvFile } from '../../src/env-file';
import { describeDatabase } from '../../src/redact';
import { assertBackupToolsServeTestServer } from './backup-fixtures';
import { startDatabaseServer, type DatabaseServer } from '../../dev/database-providers';
import { withDatabase } from '../../src/db/postgres-url';
import { newRunId, templateName } from './test-database-names';
import { dropStaleRunDatabases } from './test-database';

declare global {
  // Read back by global-teardown, which runs in the same process.
  var testDatabaseServer: DatabaseServer | undefined;
}

/**
 * Starts (or reaches) one Postgres for the whole run and migrates a template database once;
 * each test file then clones it, which takes milliseconds instead of a migration run.
 */
export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  // TEST_DATABASE_URL may live in .env like every other setting; the shell still wins.
  loadEnvFile();
  const server = await startDatabaseServer();
  globalThis.testDatabaseServer = server;
  // Checked once, before any file runs: a missing pg_dump is one clear message, not seven failed suites.
  await assertBackupToolsServeTestServer(server.adminUrl).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  // Databases of runs stopped before their teardown, on a server kept between runs.
  await dropStaleRunDatabases(server.adminUrl);
  const runId = newRunId();
  const template = templateName(runId);

  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const templateUrl = withDatabase(server.adminUrl, template);
  const migrator = createMigrator({ databaseUrl: templateUrl });
  try {
    await migrator.up();
  } finally {
    await migrator.close();
  }

  process.env.TEST_ADMIN_URL = server.adminUrl;
  process.env.TEST_RUN_ID = runId;
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`\nTest database: ${server.provider} at ${describeDatabase(server.adminUrl)} (ready and migrated in ${ms} ms)\n`);
}
