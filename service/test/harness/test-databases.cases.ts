import { ListeningClient } from '../../src/pg-client';
import { withClient } from '../support/backup-fixtures';
import { STALE_RUN_MS, createTestDatabase, dropRunDatabases, dropStaleRunDatabases } from '../support/test-database';
import { TEST_DB_PREFIX, newRunId, runStartedAt } from '../support/test-database-names';

const adminUrl = (): string => process.env.TEST_ADMIN_URL ?? '';

async function existing(prefix: string): Promise<string[]> {
  return withClient(adminUrl(), async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [
      `${prefix}%`,
    ]);
    return rows.map((row) => row.datname);
  });
}

describe('Test databases', () => {
  test('When a file releases its database, then no session is left on it and it stays for teardown to drop', async () => {
    const db = await createTestDatabase();
    await db.sequelize.query('SELECT 1');
    // A session the file opened itself and forgot: release ends it too.
    const forgotten = new ListeningClient({ connectionString: db.url });
    await forgotten.connect();
    const ended = new Promise<void>((resolve) => forgotten.once('end', resolve));

    await db.release();
    await ended;

    const sessions = await withClient(adminUrl(), (admin) =>
      admin.query<{ count: string }>("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [
        db.name,
      ]),
    );
    expect(sessions.rows[0]?.count).toBe('0');
    expect(await existing(db.name)).toEqual([db.name]);
  });

  test("When teardown drops a run's databases, then each of that run is gone and no other database is touched", async () => {
    // A run of its own under this run's id, so it drops nothing of this run and this run's teardown sweeps it after a crash.
    const runId = `${process.env.TEST_RUN_ID ?? ''}probe`;
    const ours = ['a', 'b', 'c', 'd', 'e'].map((suffix) => `${TEST_DB_PREFIX}${runId}_${suffix}`);
    const other = `${TEST_DB_PREFIX}${process.env.TEST_RUN_ID ?? ''}other_a`;
    await withClient(adminUrl(), async (admin) => {
      for (const name of [...ours, other]) await admin.query(`CREATE DATABASE "${name}"`);
    });

    try {
      const dropped = await dropRunDatabases(adminUrl(), runId);

      expect(dropped).toBe(ours.length);
      expect(await existing(`${TEST_DB_PREFIX}${runId}`)).toEqual([]);
      expect(await existing(other)).toEqual([other]);
    } finally {
      await withClient(adminUrl(), (admin) => admin.query(`DROP DATABASE IF EXISTS "${other}"`));
    }
  });

  test('When a run was stopped before its teardown, then the next run drops its databases once they are hours old, and no younger ones', async () => {
    const now = Date.now();
    const old = newRunId(now - STALE_RUN_MS - 60_000);
    const young = newRunId(now - STALE_RUN_MS + 60_000);
    const names = [`${TEST_DB_PREFIX}${old}_template`, `${TEST_DB_PREFIX}${old}_0a1b2c3d`, `${TEST_DB_PREFIX}${young}_template`];
    await withClient(adminUrl(), async (admin) => {
      for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
    });

    try {
      await dropStaleRunDatabases(adminUrl(), now);

      expect(await existing(`${TEST_DB_PREFIX}${old}`)).toEqual([]);
      expect(await existing(`${TEST_DB_PREFIX}${young}`)).toEqual([names[2]]);
      // This run's own databases are young: they stay.
      expect(await existing(`${TEST_DB_PREFIX}${process.env.TEST_RUN_ID ?? ''}_template`)).toHaveLength(1);
    } finally {
      await withClient(adminUrl(), async (admin) => {
        for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    }
  });

  test('When a run id is read back, then its start time is the one it was made with; other names have none', () => {
    expect(runStartedAt(newRunId(1_765_000_000_000))).toBe(1_765_000_000_000);
    expect(runStartedAt('probe')).toBeUndefined();
    expect(runStartedAt('mx8hwsbgzzzzzz')).toBeUndefined();
  });
});
