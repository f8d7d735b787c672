import { Pool, escapeIdentifier, type Client } from 'pg';
import { ListeningClient } from '../../src/pg-client';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../src/db/sequelize';
import { withDatabase } from '../../src/db/postgres-url';
import { TEST_DB_PREFIX, runStartedAt, templateName, testDatabaseName } from './test-database-names';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly sequelize: Sequelize;
  /** Closes its Sequelize and ends every other session on it; global teardown drops it (see endSessions). */
  release(): Promise<void>;
}

function harnessEnv(): { adminUrl: string; runId: string } {
  const adminUrl = process.env.TEST_ADMIN_URL;
  const runId = process.env.TEST_RUN_ID;
  if (!adminUrl || !runId) throw new Error('The test database harness did not run; start tests with `make test` (jest globalSetup).');
  return { adminUrl, runId };
}

// An admin session kept for a second after use, so creates and releases that follow each other
// reuse it instead of opening one each (a session costs Postgres 10-30 ms of CPU to start). It
// never outlives the file that opened it by more than that second.
let adminPool: Pool | undefined;

type Statement = string | { text: string; values: unknown[] };

async function adminQuery(adminUrl: string, ...statements: Statement[]): Promise<void> {
  if (!adminPool) {
    adminPool = new Pool({ connectionString: adminUrl, Client: ListeningClient, max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
    // An idle session that ends (the run's server stopping) leaves the pool quietly instead of as
    // an unhandled 'error' event.
    adminPool.on('error', () => undefined);
  }
  const admin = await adminPool.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    admin.release();
  }
}

// A throwaway database need not survive a crash: commits stop waiting for the WAL flush, which on
// a disk-backed server is most of a small transaction's time. Visibility and locking are unchanged.
const NOT_DURABLE = (name: string) => `ALTER DATABASE "${name}" SET synchronous_commit = off`;

// FILE_COPY copies the template's files instead of writing each page through the WAL (the
// default, WAL_LOG), and takes the template's relation cache file along, so the first session
// need not rebuild it. It costs two checkpoints, which on a server with much unwritten work of its
// own write that too; a test server has little. Measured on the build machines' Postgres: a clone
// and drop took ~105 ms of server CPU with WAL_LOG, ~35 ms with FILE_COPY, at the same wall time.
const CLONE = 'STRATEGY FILE_COPY';

// A database a file is done with is released, not dropped: its sessions end, and global teardown
// drops it with the run's others (dropRunDatabases). On a file system that keeps no journal, as on
// the build machines, ext4 skips inodes freed in the last minutes when it creates a file, and
// looks at each one to find that out: every DROP DATABASE (hundreds of files) made each later
// file creation slower. In one run, a quarter of Postgres's CPU was ext4 looking for a free inode.
// Dropping at the end instead: Postgres's system time 21.5-22.7 CPU-s -> 15.5-16.5 a run.
// pg_terminate_backend waits (up to 5 s) until each session has ended, so none is left when it returns.
function endSessions(adminUrl: string, name: string): Promise<void> {
  return adminQuery(adminUrl, {
    text: 'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    values: [name],
  });
}

/** An empty database of this run, not migrated (for migration tests). */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; release(): Promise<void> }> {
  const { adminUrl, runId } = harnessEnv();
  const name = testDatabaseName(runId);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" ${CLONE}`, NOT_DURABLE(name));
  return { name, url: withDatabase(adminUrl, name), release: () => endSessions(adminUrl, name) };
}

/** A private, fully migrated database cloned from the run's template: no other file sees its rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, runId } = harnessEnv();
  const name = testDatabaseName(runId);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${templateName(runId)}" ${CLONE}`, NOT_DURABLE(name));
  const url = withDatabase(adminUrl, name);
  // Every session of this Sequelize is in its pool (it is told the server version, so it opens no
  // connection of its own to read it): close() in release() waits for all of them.
  const sequelize = createSequelize({ databaseUrl: url, dbPoolMax: 5 });
  return {
    name,
    url,
    sequelize,
    release: async () => {
      await sequelize.close();
      await endSessions(adminUrl, name);
    },
  };
}

/** Drops every database of run `runId`: released ones, and those a crashed file left. */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<number> {
  const prefix = `${TEST_DB_PREFIX}${runId}`;
  return dropDatabases(
    adminUrl,
    (await runDatabases(adminUrl)).filter((db) => db.name.startsWith(prefix)).map((db) => db.name),
  );
}

// A run that was stopped (Ctrl-C, a killed CI job) never reaches teardown: its databases are
// dropped by the next run on the same server once they are this old. A run takes minutes; older
// ones belong to no run still going, whoever started it.
export const STALE_RUN_MS = 6 * 60 * 60 * 1000;

/** Drops the databases of runs that started more than STALE_RUN_MS before `now`. */
export async function dropStaleRunDatabases(adminUrl: string, now = Date.now()): Promise<number> {
  const stale = (await runDatabases(adminUrl)).filter((db) => db.startedAt !== undefined && now - db.startedAt > STALE_RUN_MS);
  return dropDatabases(
    adminUrl,
    stale.map((db) => db.name),
  );
}

async function runDatabases(adminUrl: string): Promise<Array<{ name: string; runId: string; startedAt?: number }>> {
  const names = await withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      TEST_DB_PREFIX,
    ]);
    return rows.map((row) => row.datname);
  });
  return names.map((name) => {
    const runId = name.slice(TEST_DB_PREFIX.length).split('_')[0] ?? '';
    return { name, runId, startedAt: runStartedAt(runId) };
  });
}

/**
 * Drops the databases a few at a time: each DROP DATABASE waits for a checkpoint, and drops that
 * run together share one. Every drop is tried; the first failure is thrown after all have run.
 */
async function dropDatabases(adminUrl: string, names: string[]): Promise<number> {
  const pending = [...names];
  const dropOneByOne = () =>
    withAdmin(adminUrl, async (admin) => {
      const failures: unknown[] = [];
      for (let name = pending.pop(); name; name = pending.pop()) {
        await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`).catch((error: unknown) => failures.push(error));
      }
      if (failures.length) throw failures[0];
    });
  const results = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL_DROPS, names.length) }, dropOneByOne));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return names.length;
}

const PARALLEL_DROPS = 4;

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new ListeningClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
