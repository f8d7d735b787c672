import type { Client } from 'pg';
import { createOverHttp } from '../support/factories';
import { lockRow, waitForLockWaiters } from '../support/row-lock';
import { startServer, type ServerProcess } from '../support/server-process';
import { subjectResource } from '../support/subject-resource';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The server logs this line right before it stops listening, in the same tick. */
async function waitForOutput(server: ServerProcess, text: string): Promise<void> {
  for (let i = 0; i < 400 && !server.output().includes(text); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!server.output().includes(text)) throw new Error(`the server never logged "${text}":\n${server.output()}`);
}

/** Holds a row's lock so a PATCH to it is provably in flight inside the server. */
async function patchBlockedOnRowLock(db: TestDatabase, server: ServerProcess): Promise<{ response: Promise<Response>; locker: Client }> {
  const subject = subjectResource();
  const row = await createOverHttp(`http://127.0.0.1:${server.port}`);
  const { client: locker } = await lockRow(db.url, row.id);
  const response = fetch(`http://127.0.0.1:${server.port}${subject.itemPath(row.id)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [subject.textField]: 'written during shutdown' }),
  });
  await waitForLockWaiters(locker, 1);
  return { response, locker };
}

describe('Graceful shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.release());

  test('When SIGTERM arrives during a request, then new connections are refused, the request completes and the exit code is 0', async () => {
    const server = await startServer({ DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '10000' });
    const { response, locker } = await patchBlockedOnRowLock(db, server);

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
    expect(((await inFlight.json()) as Record<string, unknown>)[subjectResource().textField]).toBe('written during shutdown');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutdown complete');
  });

  test('When a request outlives the shutdown timeout, then it is cut and the exit code is 1', async () => {
    const server = await startServer({ DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '300' });
    const { response, locker } = await patchBlockedOnRowLock(db, server);

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
