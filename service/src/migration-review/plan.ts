import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { databaseName } from '../db/postgres-url';
import { assertBackupFileExists } from '../backup/manifest';
import { restoreBackupInto, withThrowawayDatabase } from '../backup/throwaway-database';
import { createMigratorCore } from '../migrator/core';
import { IntegrityError } from '../migrator/errors';
import { checkIntegrity } from '../migrator/integrity';
import { capturePlan, type PlannedMigration } from './statement-recorder';
import type { MigrationSettings } from '../migrator/settings';
import { createMigrator } from '../migrator/migrator';

export interface PlanOptions {
  /** The database whose pending migrations are planned; it is only read. */
  readonly targetUrl: string;
  /** Plan on a restored copy of this backup instead of on the target's schema. */
  readonly fromBackup?: string;
  readonly migrationsDir?: string;
  readonly sourcesDir?: string;
  readonly settings?: Partial<MigrationSettings>;
  readonly progress?: (line: string) => void;
}

export interface Plan {
  /** What the throwaway database was built from. */
  readonly basis: 'target' | 'backup';
  /** Migrations already applied where the plan starts. */
  readonly applied: readonly string[];
  readonly migrations: readonly PlannedMigration[];
  /** Columns that are NOT NULL where the plan starts (`table.column`, schema-qualified outside public), for lint. */
  readonly notNullColumns: readonly string[];
}

const NOT_NULL_COLUMNS_SQL = `
  SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname || '.' || a.attname AS key
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

function coreOptions(options: PlanOptions, databaseUrl: string) {
  return { databaseUrl, migrationsDir: options.migrationsDir, sourcesDir: options.sourcesDir, settings: options.settings };
}

/** The target's applied migrations, after the checks `up` would make there. Only reads. */
async function appliedOnTarget(options: PlanOptions): Promise<string[]> {
  const core = createMigratorCore(coreOptions(options, options.targetUrl));
  try {
    const state = await core.readState();
    const { problems } = checkIntegrity({ ...state, allowOutOfOrder: false });
    if (problems.length > 0) throw new IntegrityError(problems);
    return [...state.applied].sort();
  } finally {
    await core.close();
  }
}

/** The throwaway gets the target's state: the restored backup, or the target's applied migrations run by the runner. */
async function prepareThrowaway(url: string, options: PlanOptions): Promise<void> {
  const progress = options.progress ?? (() => undefined);
  if (options.fromBackup) {
    progress(`restoring ${path.basename(options.fromBackup)} into a throwaway database ...`);
    await restoreBackupInto(options.fromBackup, url, { progress });
    return;
  }
  const applied = await appliedOnTarget(options);
  const last = applied[applied.length - 1];
  if (last === undefined) return;
  progress(`bringing a throwaway database to the target's ${applied.length} applied migration(s) ...`);
  const migrator = createMigrator(coreOptions(options, url));
  try {
    await migrator.up({ to: last });
  } finally {
    await migrator.close();
  }
}

/**
 * Builds the plan on a throwaway database on the target's server, then hands that database
 * (still at the state before the plan) to `work`, and drops it whatever happens.
 */
export async function withPlannedDatabase<T>(options: PlanOptions, work: (url: string, plan: Plan) => Promise<T>): Promise<T> {
  const progress = options.progress ?? (() => undefined);
  // Before the throwaway exists: a mistyped file name must not cost a database round trip.
  if (options.fromBackup) assertBackupFileExists(options.fromBackup);
  return withThrowawayDatabase(options.targetUrl, 'migrate_plan', async (url) => {
    progress(`working on throwaway database ${databaseName(url)} (dropped at the end)`);
    await prepareThrowaway(url, options);
    const core = createMigratorCore({
      ...coreOptions(options, url),
      report: (event) => progress(`${event.name}: ${event.message ?? event.type}`),
    });
    let plan: Plan;
    try {
      const state = await core.readState();
      const notNull = await core.sequelize.query<{ key: string }>(NOT_NULL_COLUMNS_SQL, { type: QueryTypes.SELECT });
      const migrations = await capturePlan(core);
      const basis = options.fromBackup ? 'backup' : 'target';
      plan = { basis, applied: [...state.applied].sort(), migrations, notNullColumns: notNull.map((row) => row.key) };
    } finally {
      await core.close();
    }
    return work(url, plan);
  });
}

export function buildPlan(options: PlanOptions): Promise<Plan> {
  return withPlannedDatabase(options, (_url, plan) => Promise.resolve(plan));
}
