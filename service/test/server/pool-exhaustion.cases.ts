import { createOverHttp } from '../support/factories';
import { lockRow, readMetric, waitForLockWaiters } from '../support/row-lock';
import { startServer, type ServerProcess } from '../support/server-process';
import { subjectResource } from '../support/subject-resource';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const POOL_MAX = 2;
const ACQUIRE_TIMEOUT_MS = 1_000;

function patch(server: ServerProcess, id: number): Promise<Response> {
  const subject = subjectResource();
  return fetch(`http://127.0.0.1:${server.port}${subject.itemPath(id)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [subject.textField]: 'written after the wait' }),
  });
}

describe('Pool exhaustion', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer({
      DATABASE_URL: db.url,
      DB_POOL_MAX: String(POOL_MAX),
      DB_POOL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
    });
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await db.release();
  });

  test('When more slow requests arrive than the pool has connections, then the extra ones wait the acquire timeout and get 503 with Retry-After, and the service is healthy after', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const row = await createOverHttp(base);
    const lock = await lockRow(db.url, row.id);
    const holding = Array.from({ length: POOL_MAX }, () => patch(server, row.id));
    await waitForLockWaiters(lock.client, POOL_MAX);

    const started = performance.now();
    const extra = await Promise.all(Array.from({ length: 3 }, () => patch(server, row.id)));
    const waitedMs = performance.now() - started;
    const liveness = await fetch(`${base}/healthz`);
    const busyInUse = await readMetric(base, 'db_pool_connections', '{state="in_use"}');
    await lock.release();
    const held = await Promise.all(holding);
    const after = await fetch(`${base}${subjectResource().itemPath(row.id)}`);

    process.stdout.write(
      `pool exhaustion: ${extra.length} extra requests answered 503 after ${Math.round(waitedMs)} ms (acquire timeout ${ACQUIRE_TIMEOUT_MS} ms)\n`,
    );
    expect(extra.map((res) => res.status)).toEqual([503, 503, 503]);
    for (const res of extra) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
    expect(waitedMs).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS * 0.9);
    expect(liveness.status).toBe(200);
    expect(busyInUse).toBe(POOL_MAX);
    expect(held.map((res) => res.status)).toEqual([200, 200]);
    expect(after.status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await readMetric(base, 'db_pool_waiting_requests')).toBe(0);
  });
});
