import { Client, escapeIdentifier } from 'pg';
import { createMigrator } from '../../src/migrator/migrator';
import { withDatabase } from '../../src/db/postgres-url';
import { startCreateLoad, summarize, type Outcome } from '../support/create-load';
import { startServer, type ServerProcess } from '../support/server-process';
import { startStoppablePostgres, type StoppablePostgres } from '../support/stoppable-postgres';
import { subjectResource } from '../support/subject-resource';

const ACQUIRE_TIMEOUT_MS = 2_000;
// Correctness bound, not a performance figure: an answer must come, and well before a client gives up.
const ANSWER_WITHIN_MS = ACQUIRE_TIMEOUT_MS + 8_000;

async function readyz(server: ServerProcess): Promise<number> {
  return (await fetch(`http://127.0.0.1:${server.port}/readyz`)).status;
}

async function waitForReadyz(server: ServerProcess, status: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while ((await readyz(server)) !== status) {
    if (performance.now() - started > timeoutMs) throw new Error(`/readyz did not turn ${status} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}

async function countStored(url: string, ids: number[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const table = escapeIdentifier(subjectResource().table);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::int[])`, [ids]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

describe('Database outage', () => {
  let postgres: StoppablePostgres;
  let databaseUrl: string;
  let server: ServerProcess;

  beforeAll(async () => {
    postgres = await startStoppablePostgres();
    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    databaseUrl = withDatabase(postgres.adminUrl, 'outage');
    const migrator = createMigrator({ databaseUrl });
    await migrator.up().finally(() => migrator.close());
    server = await startServer({ DATABASE_URL: databaseUrl, DB_POOL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) });
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await postgres?.remove();
  });

  test('When the database stops under load, then requests get 503 problem+json, /readyz turns 503, and after it returns the service recovers without a restart and keeps every committed row', async () => {
    const load = startCreateLoad(`http://127.0.0.1:${server.port}`, 20, ANSWER_WITHIN_MS);
    await load.waitFor((o) => o.status === 201, 100, 30_000);

    const stoppedAt = performance.now();
    await postgres.stop();
    await load.waitFor((o) => o.status === 503, 20, 30_000);
    const readyDuringOutage = await readyz(server);
    await postgres.start();
    const recoveredInMs = await waitForReadyz(server, 200, 60_000);
    await load.waitFor((o) => o.status === 201, 100, 60_000);
    const outcomes = await load.stop();

    const created = outcomes.filter((o) => o.status === 201).map((o) => o.id as number);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const inFlightAtStop = outcomes.filter((o) => o.startedAt < stoppedAt && o.startedAt + o.ms > stoppedAt).length;
    const firstUnavailable = Math.min(...unavailable.map((o) => o.startedAt + o.ms)) - stoppedAt;
    process.stdout.write(
      `outage: ${inFlightAtStop} requests in flight at the stop; answers ${JSON.stringify(summarize(outcomes))}; first 503 ${Math.round(firstUnavailable)} ms after the stop; ` +
        `slowest answer ${Math.round(Math.max(...outcomes.map((o) => o.ms)))} ms; ready again ${Math.round(recoveredInMs)} ms after the restart\n`,
    );
    expect(outcomes.filter((o: Outcome) => o.status !== 201 && o.status !== 503)).toEqual([]);
    expect(unavailable.every((o) => o.contentType.startsWith('application/problem+json') && Number(o.retryAfter) > 0)).toBe(true);
    expect(readyDuringOutage).toBe(503);
    expect(server.child.exitCode).toBeNull();
    expect(await countStored(databaseUrl, created)).toBe(created.length);
  }, 180_000);
});
