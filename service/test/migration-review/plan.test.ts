import { buildPlan, type Plan } from '../../src/migration-review/plan';
import { createMigrator } from '../../src/migrator/migrator';
import { createEmptyDatabase } from '../support/test-database';
import { historyNames } from '../migrator/support/migrate-runs';
import { createFixtureDir, type FixtureDir } from '../migrator/support/migration-fixtures';
import { listMigrationFiles } from '../../src/migrator/files';
import { assertBackupToolsServeTestServer, makeTempDir } from '../support/backup-fixtures';
import {
  EXPAND_CONTRACT,
  FIRST_MIGRATION,
  backupOf,
  databaseBeforeExpand,
  databaseExists,
  targetState,
  throwawaysIn,
  type EmptyDatabase,
} from './support/plan-fixtures';

// What the runner sends around a migration (its transaction, history, audit, INVALID-index check), not the migration itself.
const RUNNER_BOOKKEEPING =
  /^(START TRANSACTION|COMMIT|ROLLBACK|INSERT INTO "SequelizeMeta"|INSERT INTO migration_audit|SELECT n\.nspname AS schema FROM pg_index)/;

function normalise(sql: string): string {
  return sql.trim().replace(/;$/, '');
}

/** Applies every pending migration (of `migrationsDir`, else the project's) for real, recording per migration what Sequelize logged as sent. */
async function statementsSentByUp(url: string, migrationsDir?: string): Promise<Record<string, string[]>> {
  const sent: Record<string, string[]> = {};
  let current: string | undefined;
  const migrator = createMigrator({
    databaseUrl: url,
    migrationsDir,
    report: (event) => void (current = event.type === 'start' ? event.name : event.type === 'done' ? undefined : current),
    onSql: (sql) => {
      const statement = normalise(sql);
      if (current !== undefined && !RUNNER_BOOKKEEPING.test(statement)) (sent[current] ??= []).push(statement);
    },
  });
  try {
    await migrator.up();
  } finally {
    await migrator.close();
  }
  return sent;
}

function planned(plan: Plan): Record<string, string[]> {
  return Object.fromEntries(plan.migrations.map((migration) => [migration.name, migration.statements.map(normalise)]));
}

describe('migrate plan', () => {
  const databases: EmptyDatabase[] = [];
  let folder: ReturnType<typeof makeTempDir>;
  let release: FixtureDir;
  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    folder = makeTempDir('plan-test-');
    release = createFixtureDir(EXPAND_CONTRACT);
  });
  afterAll(async () => {
    release?.remove();
    folder?.remove();
    await Promise.all(databases.map((db) => db.release()));
  });

  test('When the reference migrations are planned for an empty target, then the plan holds exactly what `up` then sends, per migration, in order', async () => {
    const db = await createEmptyDatabase();
    databases.push(db);

    const plan = await buildPlan({ targetUrl: db.url });
    const sent = await statementsSentByUp(db.url);

    expect(plan.basis).toBe('target');
    expect(plan.migrations.map((m) => m.name)).toEqual(listMigrationFiles().map((file) => file.name));
    expect(planned(plan)).toEqual(sent);
  });

  test('When a populated target is planned from its backup, then the plan, backfill batches included, is exactly what `up` then sends', async () => {
    const db = await databaseBeforeExpand(release.dir, 12_000);
    databases.push(db);

    const plan = await buildPlan({ targetUrl: db.url, fromBackup: await backupOf(db.url, folder.dir), migrationsDir: release.dir });
    const sent = await statementsSentByUp(db.url, release.dir);

    expect(plan.basis).toBe('backup');
    expect(plan.applied).toEqual([FIRST_MIGRATION]);
    expect(planned(plan)).toEqual(sent);
  });

  test('When a plan runs, then the target keeps its schema, history and audit exactly, and the throwaway database is gone', async () => {
    const db = await databaseBeforeExpand(release.dir, 100);
    databases.push(db);
    const before = await targetState(db.url);
    let progress = '';

    const plan = await buildPlan({ targetUrl: db.url, migrationsDir: release.dir, progress: (line) => void (progress += `${line}\n`) });

    expect(plan.applied).toEqual([FIRST_MIGRATION]);
    expect(await targetState(db.url)).toEqual(before);
    const [throwaway] = throwawaysIn(progress);
    expect(throwaway).toBeDefined();
    expect(await databaseExists(db.url, throwaway as string)).toBe(false);
  });

  test('When a migration runs outside a transaction, then a plan from a backup records its CONCURRENTLY statement without executing it, and runs its batched backfill inside the rolled-back transaction', async () => {
    const db = await databaseBeforeExpand(release.dir, 12_000);
    databases.push(db);

    const plan = await buildPlan({ targetUrl: db.url, fromBackup: await backupOf(db.url, folder.dir), migrationsDir: release.dir });

    const backfill = plan.migrations.find((m) => m.name.includes('backfill'));
    const index = plan.migrations.find((m) => m.name.includes('index-products'));
    expect(backfill?.statements.filter((sql) => sql.startsWith('UPDATE products'))).toHaveLength(3);
    expect(backfill?.notExecuted).toEqual([]);
    expect(index?.notExecuted).toEqual([expect.stringMatching(/^CREATE INDEX CONCURRENTLY "products_name_normalized_idx"/)]);
    expect(await historyNames(db.url)).toEqual([FIRST_MIGRATION]);
  });
});
