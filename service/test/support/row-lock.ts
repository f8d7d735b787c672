import { Client, escapeIdentifier } from 'pg';
import { subjectResource } from './subject-resource';

/** Holds the lock of one row of the subject resource in an open transaction, so writes to that row wait inside the database. */
export async function lockRow(url: string, id: number): Promise<{ client: Client; release(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT * FROM ${escapeIdentifier(subjectResource().table)} WHERE id = $1 FOR UPDATE`, [id]);
  return {
    client,
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Resolves once `count` sessions of this database wait on a lock. */
export async function waitForLockWaiters(client: Client, count: number): Promise<void> {
  for (let i = 0; i < 800; i += 1) {
    // Inside a transaction Postgres keeps serving the first statistics snapshot; take a fresh one.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} requests reached the database lock`);
}

/** Reads one sample of the service's /metrics, e.g. metric('db_pool_waiting_requests'). */
export async function readMetric(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}
