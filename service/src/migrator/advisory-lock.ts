import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { ListeningClient } from '../pg-client';
import { DatabaseUnavailableError, EXIT_CODES, LockTimeoutError, MigrateError } from './errors';

/**
 * One fixed key for every runner of every version of this service: advisory locks are per
 * database, so two databases on one server never block each other. The number spells "migrate!".
 */
export const MIGRATION_LOCK_KEY = '7883946363647714593';
const POLL_INTERVAL_MS = 250;

export interface MigrationLock {
  /** Throws when the lock's session is gone, and with it the lock: another runner may have started. */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

const HELD_BY_ME = `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
  AND classid::bigint = ($1::bigint >> 32) AND objid::bigint = ($1::bigint & 4294967295) AND objsubid = 1`;

interface LockHolder {
  pid: number;
  application_name: string;
  client_addr: string | null;
  backend_start: Date;
  state: string;
}

async function findHolder(client: Client): Promise<LockHolder | undefined> {
  const { rows } = await client.query<LockHolder>(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = ($1::bigint >> 32) AND l.objid::bigint = ($1::bigint & 4294967295) AND l.objsubid = 1`,
    [MIGRATION_LOCK_KEY],
  );
  return rows[0];
}

function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'the holder released it just now or could not be seen (missing privileges on pg_stat_activity)';
  const from = holder.client_addr ? ` from ${holder.client_addr}` : '';
  return `held by pid ${holder.pid} (application "${holder.application_name}"${from}, connected since ${holder.backend_start.toISOString()}, ${holder.state})`;
}

async function connect(databaseUrl: string): Promise<Client> {
  // A lost lock connection means another runner may start; there is nothing safe to do but stop,
  // which the next statement's failure does.
  const client = new ListeningClient({ connectionString: databaseUrl, application_name: 'migrate:lock', connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnavailableError(`Cannot connect to the database to take the migration lock: ${(error as Error).message}`);
  }
  return client;
}

async function timedOut(client: Client, waitMs: number): Promise<LockTimeoutError> {
  const holder = await findHolder(client);
  return new LockTimeoutError(
    `Timed out after ${waitMs} ms waiting for the migration lock, ${describeHolder(holder)}. ` +
      'Another migrate run is probably in progress: wait for it, or raise MIGRATE_LOCK_WAIT_MS. ' +
      `If that process is gone but its session is stuck, end it with SELECT pg_terminate_backend(${holder?.pid ?? 'PID'}).`,
    holder && { ...holder, backend_start: holder.backend_start.toISOString() },
  );
}

async function pollForLock(client: Client, waitMs: number, onWait?: (holder: string) => void): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [MIGRATION_LOCK_KEY]);
    if (rows[0]?.locked) return;
    if (attempt === 0 && onWait) onWait(describeHolder(await findHolder(client)));
    if (Date.now() >= deadline) throw await timedOut(client, waitMs);
    await sleep(POLL_INTERVAL_MS);
  }
}

/**
 * Polls pg_try_advisory_lock on a connection of its own. Never pg_advisory_lock: a session
 * blocked in it holds a snapshot, and CREATE INDEX CONCURRENTLY run by the lock holder waits
 * for every such snapshot, while the waiter waits for the holder: a deadlock Postgres cannot see.
 */
export async function acquireMigrationLock(databaseUrl: string, waitMs: number, onWait?: (holder: string) => void): Promise<MigrationLock> {
  const client = await connect(databaseUrl);
  try {
    await pollForLock(client, waitMs, onWait);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    assertHeld: async () => {
      const held = await client.query(HELD_BY_ME, [MIGRATION_LOCK_KEY]).then(
        (result) => (result.rowCount ?? 0) > 0,
        () => false,
      );
      if (held) return;
      throw new MigrateError(
        'Lost the migration lock (its connection to Postgres dropped), so another runner may be migrating now; stopped before the next migration. Run again.',
        EXIT_CODES.lockTimeout,
      );
    },
    release: async () => {
      // Ending the session releases the lock even if the unlock query fails.
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
