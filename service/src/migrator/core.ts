import type { Sequelize } from 'sequelize';
import { ensureAuditTable, readRecordedChecksums, type RecordedMigration } from './audit';
import { createMigrationSequelize } from './connection';
import type { ExecutionContext, ProgressEvent } from './execution';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SOURCES_DIR, listMigrationFiles, type MigrationFile } from './files';
import { ensureHistoryTable, readAppliedMigrations } from './history';
import { acquireMigrationLock, type MigrationLock } from './advisory-lock';
import { DEFAULT_SETTINGS, readProvenance, type MigrationSettings, type Provenance } from './settings';

export interface MigratorOptions {
  readonly databaseUrl: string;
  /** Runnable migrations; default migrations/ from source, dist/migrations compiled. */
  readonly migrationsDir?: string;
  /** Where the .ts sources to checksum are; defaults to migrationsDir when that is given. */
  readonly sourcesDir?: string;
  readonly settings?: Partial<MigrationSettings>;
  readonly provenance?: Provenance;
  readonly report?: (event: ProgressEvent) => void;
  readonly beforeCommit?: ExecutionContext['beforeCommit'];
  /** Called with every statement the runner's connection sends (Sequelize's logging). */
  readonly onSql?: (sql: string) => void;
}

export interface MigrationState {
  readonly files: MigrationFile[];
  readonly applied: Set<string>;
  readonly recorded: Map<string, RecordedMigration>;
}

/** What every command shares: one connection, the files, the state, the lock. */
export interface MigratorCore extends ExecutionContext {
  readonly migrationsDir: string;
  readonly sourcesDir: string;
  readState(): Promise<MigrationState>;
  /** Runs `work` holding the advisory lock, with the history and audit tables in place. */
  locked<T>(work: () => Promise<T>): Promise<T>;
  /** Checked before each migration: the lock lives in a session, which a network blip can end. */
  assertLockHeld(): Promise<void>;
  close(): Promise<void>;
}

export function createMigratorCore(options: MigratorOptions): MigratorCore {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const sourcesDir = options.sourcesDir ?? (options.migrationsDir ? migrationsDir : DEFAULT_SOURCES_DIR);
  const sequelize: Sequelize = createMigrationSequelize(options.databaseUrl, settings, options.onSql);
  const report = options.report ?? (() => undefined);
  let held: MigrationLock | undefined;
  return {
    sequelize,
    settings,
    provenance: options.provenance ?? readProvenance(process.env),
    report,
    beforeCommit: options.beforeCommit,
    migrationsDir,
    sourcesDir,
    readState: async () => {
      const files = listMigrationFiles(migrationsDir, sourcesDir);
      const [applied, recorded] = [await readAppliedMigrations(sequelize), await readRecordedChecksums(sequelize)];
      return { files, applied, recorded };
    },
    locked: async (work) => {
      const lock = await acquireMigrationLock(options.databaseUrl, settings.lockWaitMs, (holder) =>
        report({ type: 'notice', name: '', message: `waiting for the migration lock, ${holder}` }),
      );
      held = lock;
      try {
        await ensureHistoryTable(sequelize);
        await ensureAuditTable(sequelize);
        return await work();
      } finally {
        held = undefined;
        await lock.release();
      }
    },
    assertLockHeld: async () => {
      if (!held) throw new Error('A migration ran without the migration lock; this is a bug in the runner.');
      await held.assertHeld();
    },
    close: () => sequelize.close(),
  };
}
