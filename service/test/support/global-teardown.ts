import { dropRunDatabases } from './test-database';

/** Drops every database this run made (released ones and those a crashed file left), then stops the server. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.testDatabaseServer;
  const runId = process.env.TEST_RUN_ID;
  if (!server) return;
  try {
    if (runId) await dropRunDatabases(server.adminUrl, runId);
  } finally {
    await server.stop();
  }
}
