import { createOverHttp } from '../support/factories';
import { lockRow, readMetric, waitForLockWaiters } from '../support/row-lock';
import { startServer } from '../support/server-process';
import { subjectResource } from '../support/subject-resource';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const IN_FLIGHT = 50;
const POOL_MAX = 10;
const SHUTDOWN_TIMEOUT_MS = 20_000;

async function waitForPool(base: string, inUse: number, waiting: number): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    const busy = await readMetric(base, 'db_pool_connections', '{state="in_use"}');
    const queued = await readMetric(base, 'db_pool_waiting_requests');
    if (busy === inUse && queued === waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the pool never showed ${inUse} in use and ${waiting} waiting`);
}

describe('Graceful shutdown under load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.release());

  test(`When SIGTERM arrives with ${IN_FLIGHT} requests in flight, then all complete, new connections are refused, the pool closes and the exit code is 0 within the grace time`, async () => {
    const server = await startServer({
      DATABASE_URL: db.url,
      DB_POOL_MAX: String(POOL_MAX),
      DB_POOL_ACQUIRE_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    const base = `http://127.0.0.1:${server.port}`;
    const subject = subjectResource();
    const row = await createOverHttp(base);
    const lock = await lockRow(db.url, row.id);
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, n) =>
      fetch(`${base}${subject.itemPath(row.id)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ [subject.textField]: `in flight ${n}` }),
      }),
    );
    await waitForLockWaiters(lock.client, POOL_MAX);
    await waitForPool(base, POOL_MAX, IN_FLIGHT - POOL_MAX);

    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const newConnection = await fetch(`${base}/healthz`).then(
      () => 'accepted',
      () => 'refused',
    );
    await lock.release();
    const answers = await Promise.all(inFlight);
    const code = await server.exited;
    const shutdownMs = performance.now() - signalledAt;

    process.stdout.write(
      `shutdown under load: ${answers.length} in flight, ${answers.filter((r) => r.status === 200).length} answered 200, exit ${code} after ${Math.round(shutdownMs)} ms\n`,
    );
    expect(newConnection).toBe('refused');
    expect(answers.map((res) => res.status)).toEqual(Array.from({ length: IN_FLIGHT }, () => 200));
    expect(code).toBe(0);
    expect(shutdownMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(server.output()).toContain('shutdown complete');
  });
});
