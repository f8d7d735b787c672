import { Client } from 'pg';
import { buildItemInput, createItemOverHttp } from '../support/factories';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Polls from the locker's own session: inside its transaction, so each poll clears the stats snapshot. */
async function waitForLockWait(client: Client): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    // pg_stat_activity is read once per transaction unless the snapshot is cleared.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rowCount } = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the request never reached the database lock');
}

/** The server logs this line right before it stops listening, in the same tick. */
async function waitForOutput(server: ServerProcess, text: string): Promise<void> {
  for (let i = 0; i < 400 && !server.output().includes(text); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!server.output().includes(text)) throw new Error(`the server never logged "${text}":\n${server.output()}`);
}

/** Holds the item's row lock so a PUT to it is provably in flight inside the server. */
async function putBlockedOnRowLock(db: TestDatabase, server: ServerProcess): Promise<{ response: Promise<Response>; locker: Client }> {
  const item = await createItemOverHttp(`http://127.0.0.1:${server.port}`);
  const locker = new Client({ connectionString: db.url });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('SELECT * FROM items WHERE id = $1 FOR UPDATE', [item.id]);
  const response = fetch(`http://127.0.0.1:${server.port}/api/v1/items/${item.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(buildItemInput({ name: 'written during shutdown' })),
  });
  await waitForLockWait(locker);
  return { response, locker };
}

describe('Graceful shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test('When SIGTERM arrives during a request, then new connections are refused, the request completes and the exit code is 0', async () => {
    const server = await startServer({ DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '10000' });
    const { response, locker } = await putBlockedOnRowLock(db, server);

    server.child.kill('SIGTERM');
    await waitForOutput(server, 'shutting down: no new connections');
    const newConnection = await fetch(`http://127.0.0.1:${server.port}/healthz`).then(
      () => 'accepted',
      () => 'refused',
    );
    await locker.query('COMMIT');
    await locker.end();
    const inFlight = await response;

    expect(newConnection).toBe('refused');
    expect(inFlight.status).toBe(200);
    expect(((await inFlight.json()) as { name: string }).name).toBe('written during shutdown');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutdown complete');
  });

  test('When a request outlives the shutdown timeout, then it is cut and the exit code is 1', async () => {
    const server = await startServer({ DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '300' });
    const { response, locker } = await putBlockedOnRowLock(db, server);

    const outcome = response.then(
      (res) => res.status,
      () => 'connection cut',
    );

    server.child.kill('SIGTERM');
    const code = await server.exited;
    await locker.query('ROLLBACK');
    await locker.end();

    expect(code).toBe(1);
    expect(await outcome).toBe('connection cut');
    expect(server.output()).toContain('shutdown timed out');
  });

  test('When SIGINT arrives on an idle server, then it exits 0', async () => {
    const server = await startServer({ DATABASE_URL: db.url });

    server.child.kill('SIGINT');

    expect(await server.exited).toBe(0);
  });
});
