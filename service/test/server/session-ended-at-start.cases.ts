import { createSequelize } from '../../src/db/sequelize';
import { query } from '../migrator/support/migrate-runs';
import { startHoldingProxy } from '../support/holding-proxy';
import { createEmptyDatabase } from '../support/test-database';

// Sequelize listens for a connection's errors one microtask after it connects; service/src/pg-client.ts
// says why that could end the process, and how every client of this project is kept from it.
describe('A session Postgres ends as it starts', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db.release());

  test('When the termination comes in the same read as ReadyForQuery, then the statement fails and the process goes on', async () => {
    const target = new URL(db.url);
    const proxy = await startHoldingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    // pg's connect timeout runs while the proxy holds ReadyForQuery: long enough for a loaded machine.
    const sequelize = createSequelize({ databaseUrl: proxied.toString(), dbPoolMax: 1, dbPoolAcquireTimeoutMs: 60_000 });
    try {
      const outcome = sequelize.query('SELECT 1').then(
        () => 'answered',
        (error: Error) => error.message,
      );
      // A session that fails before ReadyForQuery (login, a refused connection) ends the test at once.
      const pid = await Promise.race([
        proxy.readyForQuery,
        outcome.then((message) => Promise.reject(new Error(`the session ended before ReadyForQuery: ${message}`))),
      ]);
      await query(process.env.TEST_ADMIN_URL ?? '', 'SELECT pg_terminate_backend($1)', [pid]);
      await proxy.upstreamClosed;
      proxy.releaseAndEnd();

      // Read together, the termination marks the client broken before Sequelize sends its first SET;
      // read apart, that SET would fail with the termination's own message instead.
      expect(await outcome).toMatch(/not queryable/);
      // The case is only made if the client got ReadyForQuery first and the termination after it.
      const types = proxy.heldTypes();
      expect(types.indexOf('Z')).toBeGreaterThan(-1);
      expect(types.lastIndexOf('E')).toBeGreaterThan(types.indexOf('Z'));
    } finally {
      await sequelize.close();
      await proxy.close();
    }
  });
});
