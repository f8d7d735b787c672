import { setTimeout as sleep } from 'node:timers/promises';
import * as SequelizeModule from 'sequelize';
import type { Sequelize } from 'sequelize';
import { writeAudit } from './audit';
import { runWithStatementGuard } from './connection';
import { MigrationFailedError, postgresFailureOf } from './errors';
import { checksumOf, type MigrationFile } from './files';
import { recordApplied, recordReverted } from './history';
import { loadMigration, runsInTransaction, type MigrationModule } from './migration-module';
import { outsideTransactionGuard } from './outside-transaction';
import type { MigrationSettings, Provenance } from './settings';

export type Direction = 'up' | 'down';

export interface ProgressEvent {
  readonly type: 'start' | 'done' | 'retry' | 'notice';
  readonly name: string;
  readonly direction?: Direction;
  readonly durationMs?: number;
  readonly message?: string;
}

export interface ExecutionContext {
  readonly sequelize: Sequelize;
  readonly settings: MigrationSettings;
  readonly provenance: Provenance;
  readonly report: (event: ProgressEvent) => void;
  /** Runs inside a migration's transaction just before it commits, while its locks are held (rehearsals read them). */
  readonly beforeCommit?: (name: string, sequelize: Sequelize) => Promise<void>;
}

const LOCK_NOT_AVAILABLE = '55P03';

function stepOf(ctx: ExecutionContext, migration: MigrationModule, file: MigrationFile, direction: Direction): () => Promise<unknown> {
  if (direction === 'down' && !migration.down) {
    const hint = 'Restore from the backup taken before it ran to undo it.';
    throw new MigrationFailedError(file.name, direction, { message: 'it exports no down()' }, hint);
  }
  const queryInterface = ctx.sequelize.getQueryInterface();
  return async () =>
    direction === 'up' ? migration.up(queryInterface, SequelizeModule) : migration.down?.(queryInterface, SequelizeModule);
}

async function record(ctx: ExecutionContext, file: MigrationFile, direction: Direction, durationMs: number): Promise<void> {
  if (direction === 'up') await recordApplied(ctx.sequelize, file.name);
  else await recordReverted(ctx.sequelize, file.name);
  const event = direction === 'up' ? 'apply' : 'revert';
  await writeAudit(ctx.sequelize, { name: file.name, event, checksum: checksumOf(file), durationMs }, ctx.provenance);
}

/** The migration and its history rows in one transaction; a lock timeout rolls back and retries with back-off. */
async function runAtomically(
  ctx: ExecutionContext,
  file: MigrationFile,
  direction: Direction,
  step: () => Promise<unknown>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.sequelize.transaction(async () => {
        const started = performance.now();
        await step();
        const durationMs = performance.now() - started;
        await record(ctx, file, direction, durationMs);
        await ctx.beforeCommit?.(file.name, ctx.sequelize);
        return durationMs;
      });
    } catch (error) {
      const failure = postgresFailureOf(error);
      if (failure.code !== LOCK_NOT_AVAILABLE) throw new MigrationFailedError(file.name, direction, failure);
      if (attempt > ctx.settings.lockRetries) {
        throw new MigrationFailedError(
          file.name,
          direction,
          failure,
          `Gave up after ${attempt} attempts, each waiting ${ctx.settings.lockTimeoutMs} ms for a table lock: a long transaction holds it (see pg_stat_activity). Nothing was kept; run again when it is gone.`,
        );
      }
      const delayMs = ctx.settings.retryDelayMs * 2 ** (attempt - 1);
      ctx.report({ type: 'retry', name: file.name, direction, message: `lock timeout (attempt ${attempt}); retrying in ${delayMs} ms` });
      await sleep(delayMs);
    }
  }
}

/** Statements that cannot run in a transaction, one by one; history is written only once all succeeded. */
async function runOutsideTransaction(
  ctx: ExecutionContext,
  file: MigrationFile,
  direction: Direction,
  step: () => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  const guard = outsideTransactionGuard(ctx.sequelize, file.name, (message) => ctx.report({ type: 'notice', name: file.name, message }));
  try {
    await runWithStatementGuard(guard, step);
  } catch (error) {
    throw new MigrationFailedError(
      file.name,
      direction,
      postgresFailureOf(error),
      'It ran outside a transaction: statements before the failing one were kept, and an INVALID index it left is dropped before the next attempt. Fix the cause and run again.',
    );
  }
  const durationMs = performance.now() - started;
  await ctx.sequelize.transaction(() => record(ctx, file, direction, durationMs));
  return durationMs;
}

export async function executeMigration(ctx: ExecutionContext, file: MigrationFile, direction: Direction): Promise<number> {
  const migration = loadMigration(file.path);
  const step = stepOf(ctx, migration, file, direction);
  ctx.report({ type: 'start', name: file.name, direction });
  const durationMs = runsInTransaction(migration)
    ? await runAtomically(ctx, file, direction, step)
    : await runOutsideTransaction(ctx, file, direction, step);
  ctx.report({ type: 'done', name: file.name, direction, durationMs });
  return durationMs;
}
