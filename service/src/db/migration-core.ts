import type { Sequelize } from 'sequelize';
import { ensureAuditTable, readRecordedChecksums, type RecordedMigration } from './migration-audit';
import { createMigrationSequelize } from './migration-connection';
import type { ExecutionContext, ProgressEvent } from './migration-execution';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SOURCES_DIR, listMigrationFiles, type MigrationFile } from './migration-files';
import { ensureHistoryTable, readAppliedMigrations } from './migration-history';
import { acquireMigrationLock } from './migration-lock';
import { DEFAULT_SETTINGS, readProvenance, type MigrationSettings, type Provenance } from './migration-settings';

export interface MigratorOptions {
  readonly databaseUrl: string;
  /** Runnable migrations; default migrations/ from source, dist/migrations compiled. */
  readonly migrationsDir?: string;
  /** Where the .ts sources to checksum are; defaults to migrationsDir when that is given. */
  readonly sourcesDir?: string;
  readonly settings?: Partial<MigrationSettings>;
  readonly provenance?: Provenance;
  readonly report?: (event: ProgressEvent) => void;
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
  close(): Promise<void>;
}

export function createMigratorCore(options: MigratorOptions): MigratorCore {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const sourcesDir = options.sourcesDir ?? (options.migrationsDir ? migrationsDir : DEFAULT_SOURCES_DIR);
  const sequelize: Sequelize = createMigrationSequelize(options.databaseUrl, settings);
  const report = options.report ?? (() => undefined);
  return {
    sequelize,
    settings,
    provenance: options.provenance ?? readProvenance(process.env),
    report,
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
      try {
        await ensureHistoryTable(sequelize);
        await ensureAuditTable(sequelize);
        return await work();
      } finally {
        await lock.release();
      }
    },
    close: () => sequelize.close(),
  };
}
