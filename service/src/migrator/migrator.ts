import type { QueryInterface } from 'sequelize';
import { Umzug, type UmzugStorage } from 'umzug';
import { createMigratorCore, type MigrationState, type MigratorCore, type MigratorOptions } from './core';
import { IntegrityError, MigrateError, UsageError } from './errors';
import { executeMigration } from './execution';
import { checkIntegrity } from './integrity';
import { normalizeMigrationName } from './files';
import { readAppliedMigrations } from './history';
import { baseline, repair, readStatus, verify, type StatusReport } from './maintenance';
import type { IntegrityReport } from './integrity';

export type { MigratorOptions } from './core';

export interface MigrationResult {
  readonly name: string;
  readonly durationMs: number;
}

export interface Migrator {
  up(options?: { to?: string; allowOutOfOrder?: boolean }): Promise<MigrationResult[]>;
  /** Reverts the last one by default; `to` reverts down to and including that name (0: all). */
  down(options?: { to?: string | 0; step?: number }): Promise<MigrationResult[]>;
  status(): Promise<StatusReport>;
  verify(options?: { allowOutOfOrder?: boolean }): Promise<IntegrityReport>;
  repair(name: string, note?: string): Promise<{ name: string; action: string }>;
  baseline(to: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * History lives in SequelizeMeta exactly as sequelize-cli keeps it, but the runner writes it
 * inside each migration's transaction (see execution.ts), so Umzug's own log step is empty.
 */
function historyStorage(core: MigratorCore): UmzugStorage<QueryInterface> {
  return {
    executed: async () => [...(await readAppliedMigrations(core.sequelize))].sort(),
    logMigration: () => Promise.resolve(),
    unlogMigration: () => Promise.resolve(),
  };
}

/** Umzug decides what runs in which order; each step runs through the runner's safe path. */
function createUmzug(core: MigratorCore, state: MigrationState, durations: Map<string, number>): Umzug<QueryInterface> {
  return new Umzug({
    migrations: state.files.map((file) => ({
      name: file.name,
      path: file.path,
      up: async () => {
        await core.assertLockHeld();
        durations.set(file.name, await executeMigration(core, file, 'up'));
      },
      down: async () => {
        await core.assertLockHeld();
        durations.set(file.name, await executeMigration(core, file, 'down'));
      },
    })),
    context: core.sequelize.getQueryInterface(),
    storage: historyStorage(core),
    logger: undefined,
  });
}

// Umzug wraps what a step throws; the runner's own error already says everything.
function unwrap(error: unknown): unknown {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof MigrateError ? cause : error;
}

async function runUmzug(core: MigratorCore, state: MigrationState, command: (umzug: Umzug<QueryInterface>) => Promise<{ name: string }[]>) {
  const durations = new Map<string, number>();
  try {
    const done = await command(createUmzug(core, state, durations));
    return done.map(({ name }) => ({ name, durationMs: Math.round(durations.get(name) ?? 0) }));
  } catch (error) {
    throw unwrap(error);
  }
}

function refuseIfBroken(state: MigrationState, allowOutOfOrder: boolean): void {
  const { problems } = checkIntegrity({ ...state, allowOutOfOrder });
  if (problems.length > 0) throw new IntegrityError(problems);
}

async function up(core: MigratorCore, options: { to?: string; allowOutOfOrder?: boolean }): Promise<MigrationResult[]> {
  return core.locked(async () => {
    const state = await core.readState();
    const to = options.to === undefined ? undefined : normalizeMigrationName(options.to);
    if (to !== undefined && !state.files.some((file) => file.name === to))
      throw new UsageError(`No migration named ${to}; see \`migrate status\`.`);
    refuseIfBroken(state, options.allowOutOfOrder === true);
    if (to !== undefined && state.applied.has(to)) return [];
    return runUmzug(core, state, (umzug) => umzug.up(to === undefined ? {} : { to }));
  });
}

async function down(core: MigratorCore, options: { to?: string | 0; step?: number }): Promise<MigrationResult[]> {
  return core.locked(async () => {
    const state = await core.readState();
    const { step } = options;
    const to = typeof options.to === 'string' ? normalizeMigrationName(options.to) : options.to;
    if (typeof to === 'string' && !state.applied.has(to)) throw new UsageError(`${to} is not applied; see \`migrate status\`.`);
    refuseIfBroken(state, true);
    return runUmzug(core, state, (umzug) => umzug.down(to !== undefined ? { to } : { step: step ?? 1 }));
  });
}

/** The production-safe runner: advisory lock, one transaction per migration with its history, checksums, audit. */
export function createMigrator(options: MigratorOptions): Migrator {
  const core = createMigratorCore(options);
  return {
    up: (upOptions = {}) => up(core, upOptions),
    down: (downOptions = {}) => down(core, downOptions),
    status: () => readStatus(core),
    verify: (verifyOptions = {}) => verify(core, verifyOptions.allowOutOfOrder === true),
    repair: (name, note) => repair(core, name, note),
    baseline: (to) => baseline(core, to),
    close: () => core.close(),
  };
}
