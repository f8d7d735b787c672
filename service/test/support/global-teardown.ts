import { Client } from 'pg';
import { TEST_DB_PREFIX } from './test-database-names';

/** Drops every database this run made (even those a crashed file left), then stops the server. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.testDatabaseServer;
  const runId = process.env.TEST_RUN_ID;
  if (!server) return;
  if (runId) {
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DB_PREFIX}${runId}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  }
  await server.stop();
}
