import * as SequelizeModule from 'sequelize';
import { readAcceptedFindings, type AcceptedFindings } from './lint';
import { runWithStatementTap, type StatementTap } from '../migrator/connection';
import type { MigratorCore } from '../migrator/core';
import { IntegrityError, MigrationFailedError, postgresFailureOf } from '../migrator/errors';
import type { MigrationFile } from '../migrator/files';
import { checkIntegrity } from '../migrator/integrity';
import { loadMigration, runsInTransaction } from '../migrator/migration-module';
import { checkOutsideTransactionStatement } from '../migrator/outside-transaction';

export interface PlannedMigration {
  readonly name: string;
  /** The migration's source file, for annotations. */
  readonly sourcePath: string;
  readonly inTransaction: boolean;
  readonly statements: readonly string[];
  /**
   * Statements recorded but not sent: those Postgres refuses inside a transaction (CREATE INDEX
   * CONCURRENTLY, VACUUM, ...), which the plan could not roll back. Only migrations with
   * useTransaction = false have them.
   */
  readonly notExecuted: readonly string[];
  readonly accepted: AcceptedFindings;
}

// What Sequelize sends for a migration's own transaction() (a savepoint of the runner's): not the migration's work.
const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET TRANSACTION)\b/i;
// Reads and batched data changes can run inside the plan's transaction, and are rolled back with it.
const ROLLED_BACK_WITH_THE_PLAN = /^\s*(select|show|update|delete)\b/i;

class PlanRollback extends Error {}

function tapFor(name: string, inTransaction: boolean, statements: string[], notExecuted: string[]): StatementTap {
  return (sql) => {
    if (TRANSACTION_CONTROL.test(sql)) return Promise.resolve('send');
    // The runner's own check, without its cleanup: a statement `up` would refuse fails the plan too.
    if (!inTransaction) checkOutsideTransactionStatement(name, sql);
    statements.push(sql.trim());
    if (inTransaction || ROLLED_BACK_WITH_THE_PLAN.test(sql)) return Promise.resolve('send');
    notExecuted.push(sql.trim());
    return Promise.resolve('skip');
  };
}

async function captureMigration(core: MigratorCore, file: MigrationFile): Promise<PlannedMigration> {
  const migration = loadMigration(file.path);
  const inTransaction = runsInTransaction(migration);
  const accepted = readAcceptedFindings(migration, file.name);
  const statements: string[] = [];
  const notExecuted: string[] = [];
  core.report({ type: 'notice', name: file.name, message: `planning${inTransaction ? '' : ' (runs outside a transaction)'}` });
  try {
    const queryInterface = core.sequelize.getQueryInterface();
    await runWithStatementTap(tapFor(file.name, inTransaction, statements, notExecuted), () =>
      migration.up(queryInterface, SequelizeModule),
    );
  } catch (error) {
    throw new MigrationFailedError(
      file.name,
      'up',
      postgresFailureOf(error),
      'It failed while being planned on a throwaway database, so `up` would fail too. If it needs the work of an earlier migration that runs outside a transaction (whose CONCURRENTLY statements the plan records but does not execute), plan it on a database where that one is applied.',
    );
  }
  return { name: file.name, sourcePath: file.sourcePath, inTransaction, statements, notExecuted, accepted };
}

/**
 * The statements every pending migration of the database behind `core` sends, in order, captured
 * while they run in one transaction that is then rolled back: the database keeps neither schema
 * changes nor history. Meant for a throwaway copy; it takes no migration lock.
 */
export async function capturePlan(core: MigratorCore): Promise<PlannedMigration[]> {
  const state = await core.readState();
  const { problems } = checkIntegrity({ ...state, allowOutOfOrder: false });
  if (problems.length > 0) throw new IntegrityError(problems);
  const pending = state.files.filter((file) => !state.applied.has(file.name));
  const planned: PlannedMigration[] = [];
  try {
    await core.sequelize.transaction(async () => {
      for (const file of pending) planned.push(await captureMigration(core, file));
      throw new PlanRollback('the plan never commits');
    });
  } catch (error) {
    if (!(error instanceof PlanRollback)) throw error;
  }
  return planned;
}
