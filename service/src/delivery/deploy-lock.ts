import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { ListeningClient } from '../pg-client';
import { redactConnectionString } from '../redact';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';

/** First key of the two-key advisory lock space the deploy uses ("dply"); the second is the environment's hash. */
const DEPLOY_LOCK_CLASS = 0x64706c79;
const POLL_MS = 500;

export interface DeployLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  application_name: string;
  backend_start: Date;
}

async function holder(client: Client, environment: string): Promise<Holder | undefined> {
  const { rows } = await client.query<Holder>(
    `SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objid::bigint = (hashtext($2)::bigint & 4294967295)
        AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [DEPLOY_LOCK_CLASS, `deploy:${environment}`],
  );
  return rows[0];
}

async function tryLock(client: Client, environment: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
    DEPLOY_LOCK_CLASS,
    `deploy:${environment}`,
  ]);
  return rows[0]?.ok === true;
}

/**
 * One deploy per environment at a time, across machines: a session advisory lock on the target
 * database, polled (never a blocking wait) and held by its own connection until release. It is
 * separate from the migration runner's lock, which the runner inside the image still takes.
 */
export async function acquireDeployLock(
  databaseUrl: string,
  environment: string,
  waitMs: number,
  progress: (line: string) => void,
): Promise<DeployLock> {
  const client = new ListeningClient({
    connectionString: databaseUrl,
    application_name: `deploy:${environment}`,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect().catch((error: Error) => {
    throw new DeliveryError(
      `cannot connect to the target database to take the deploy lock: ${redactConnectionString(error.message)}. Check DATABASE_URL.`,
    );
  });
  const deadline = Date.now() + waitMs;
  let reported = false;
  while (!(await tryLock(client, environment))) {
    const other = await holder(client, environment);
    const who = other ? `pid ${other.pid} ("${other.application_name}", since ${other.backend_start.toISOString()})` : 'another session';
    if (Date.now() >= deadline) {
      await client.end().catch(() => undefined);
      throw new DeliveryError(
        `another deploy to ${environment} is running (deploy lock held by ${who}); nothing was done. Wait for it to finish, or raise DEPLOY_LOCK_WAIT_MS to queue behind it.`,
        DELIVERY_EXIT.locked,
      );
    }
    if (!reported) progress(`waiting for the deploy lock of ${environment}, held by ${who} ...`);
    reported = true;
    await sleep(POLL_MS);
  }
  progress(`deploy lock of ${environment} taken`);
  return {
    release: async () => {
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [DEPLOY_LOCK_CLASS, `deploy:${environment}`])
        .catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
