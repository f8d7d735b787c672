import { randomBytes } from 'node:crypto';
import { ListeningClient } from '../../src/pg-client';
import { withClient } from '../support/backup-fixtures';
import { createTestDatabase, dropRunDatabases } from '../support/test-database';
import { TEST_DB_PREFIX } from '../support/test-database-names';

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
      admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [db.name]),
    );
    expect(sessions.rows[0]?.count).toBe('0');
    expect(await existing(db.name)).toEqual([db.name]);
  });

  test("When teardown drops a run's databases, then each of that run is gone and no other database is touched", async () => {
    // A run of its own, so this test drops nothing of the run it is part of.
    const runId = `probe${randomBytes(3).toString('hex')}`;
    const ours = ['a', 'b', 'c', 'd', 'e'].map((suffix) => `${TEST_DB_PREFIX}${runId}_${suffix}`);
    const other = `${TEST_DB_PREFIX}${runId.replace('probe', 'other')}_a`;
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
});
