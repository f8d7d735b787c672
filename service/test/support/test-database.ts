import { Pool, type Client } from 'pg';
import { ListeningClient } from '../../src/pg-client';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../src/db/sequelize';
import { withDatabase } from '../../src/db/postgres-url';
import { TEST_DB_PREFIX, templateName, testDatabaseName } from './test-database-names';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly sequelize: Sequelize;
  /** Closes its Sequelize and ends every other session on it; teardown drops it (see release below). */
  release(): Promise<void>;
}

function harnessEnv(): { adminUrl: string; runId: string } {
  const adminUrl = process.env.TEST_ADMIN_URL;
  const runId = process.env.TEST_RUN_ID;
  if (!adminUrl || !runId) throw new Error('The test database harness did not run; start tests with `make test` (jest globalSetup).');
  return { adminUrl, runId };
}

// An admin session kept for a second after use, so creates and drops that follow each other reuse
// it instead of opening one each (a session costs Postgres 10-30 ms of CPU to start). It never
// outlives the file that opened it by more than that second.
let adminPool: Pool | undefined;

async function adminQuery(adminUrl: string, ...statements: string[]): Promise<void> {
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
function endSessions(adminUrl: string, name: string): Promise<void> {
  return adminQuery(
    adminUrl,
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
  );
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

/**
 * Drops every database of run `runId` (released ones, and those a crashed file left), a few at a
 * time: each DROP DATABASE waits for a checkpoint, and drops that run together share one.
 */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<number> {
  const names = await withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DB_PREFIX}${runId}%`,
    ]);
    return rows.map((row) => row.datname);
  });
  const count = names.length;
  const dropOneByOne = () =>
    withAdmin(adminUrl, async (admin) => {
      for (let name = names.pop(); name; name = names.pop()) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DROPS, count) }, dropOneByOne));
  return count;
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
