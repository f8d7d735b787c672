import { createReadinessCheck } from '../../src/db/readiness';
import { listMigrationFiles } from '../../src/migrator/files';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/test-database';
import { createSequelize } from '../../src/db/sequelize';
import { runCli, testEnv } from './support/migrate-runs';

describe('readiness and pending migrations', () => {
  const expected = listMigrationFiles().map((file) => file.name);

  test('When every migration is applied, then the server is ready', async () => {
    const db: TestDatabase = await createTestDatabase();
    try {
      expect(await createReadinessCheck(db.sequelize, expected)()).toEqual({ ready: true });
    } finally {
      await db.release();
    }
  });

  test('When migrations are pending, then the server is not ready and names them, until the migrate step runs', async () => {
    const db = await createEmptyDatabase();
    const sequelize = createSequelize({ databaseUrl: db.url, dbPoolMax: 1 });
    try {
      const check = createReadinessCheck(sequelize, expected);

      expect(await check()).toMatchObject({
        ready: false,
        pendingMigrations: expected,
        reason: expect.stringContaining('run the migrate step'),
      });
      expect((await runCli(['up'], testEnv(db.url))).code).toBe(0);
      expect(await check()).toEqual({ ready: true });
    } finally {
      await sequelize.close();
      await db.release();
    }
  });
});
