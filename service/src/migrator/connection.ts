import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Sequelize, type Transaction } from 'sequelize';
import { SEQUELIZE_DIALECT } from '../pg-client';
import type { MigrationSettings } from './settings';

// Sequelize's own substitution of `:name` / `?` replacements, so a plan shows the SQL it sends.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- not in Sequelize's public typings
const { injectReplacements } = require('sequelize/lib/utils/sql') as {
  injectReplacements(this: void, sql: string, dialect: string, replacements: object): string;
};

type Store = Map<string, unknown>;

/**
 * The CLS namespace Sequelize asks for, on Node's AsyncLocalStorage instead of cls-hooked: no
 * dependency, no monkey-patched promises. Sequelize only calls run/get/set (and checks bind).
 */
class AsyncLocalNamespace {
  private readonly storage = new AsyncLocalStorage<Store>();
  run<T>(fn: (context: Store) => T): T {
    const context: Store = new Map(this.storage.getStore());
    return this.storage.run(context, () => fn(context));
  }
  get(key: string): unknown {
    return this.storage.getStore()?.get(key);
  }
  set<T>(key: string, value: T): T {
    this.storage.getStore()?.set(key, value);
    return value;
  }
  bind<F extends (...args: unknown[]) => unknown>(fn: F): F {
    return AsyncResource.bind(fn);
  }
}

const namespace = new AsyncLocalNamespace();
const OUTSIDE_TRANSACTION = 'migrate:outsideTransaction';
const TAP = 'migrate:statementTap';

/** Checks (and may prepare for) each statement a non-transactional migration sends. */
export type StatementGuard = (sql: string) => Promise<void>;

export function runWithStatementGuard<T>(guard: StatementGuard, fn: () => Promise<T>): Promise<T> {
  return namespace.run((context) => {
    context.set(OUTSIDE_TRANSACTION, guard);
    return fn();
  });
}

/**
 * Sees each statement as Postgres will receive it (replacements filled in) and decides whether
 * it is sent: `migrate plan` records what a migration sends, and skips what it must not execute.
 */
export type StatementTap = (sql: string) => Promise<'send' | 'skip'>;

export function runWithStatementTap<T>(tap: StatementTap, fn: () => Promise<T>): Promise<T> {
  return namespace.run((context) => {
    context.set(TAP, tap);
    return fn();
  });
}

// What a skipped statement answers: no rows, nothing changed.
function skippedResult(options: unknown): unknown {
  return (options as { type?: string } | undefined)?.type === 'SELECT' ? [] : [[], 0];
}

// A migration that opens its own transaction (a common sequelize-cli idiom) gets a savepoint
// of the runner's instead, so it cannot commit apart from its history row.
function nestTransactions(sequelize: Sequelize): void {
  const transaction = sequelize.transaction.bind(sequelize) as (options?: object, callback?: unknown) => Promise<unknown>;
  (sequelize as { transaction: unknown }).transaction = (options?: unknown, callback?: unknown) => {
    const current = namespace.get('transaction') as Transaction | null | undefined;
    if (typeof options === 'function') return transaction(current ? { transaction: current } : {}, options);
    const given = (options ?? {}) as { transaction?: Transaction };
    return transaction(current && given.transaction === undefined ? { ...given, transaction: current } : given, callback);
  };
}

function withReplacements(sql: string, options: unknown): string {
  const replacements = (options as { replacements?: object } | undefined)?.replacements;
  return replacements ? injectReplacements(sql, 'postgres', replacements) : sql;
}

function guardStatements(sequelize: Sequelize): void {
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: unknown) => Promise<unknown>;
  (sequelize as { query: unknown }).query = async (sql: unknown, options?: unknown) => {
    const guard = namespace.get(OUTSIDE_TRANSACTION) as StatementGuard | undefined;
    const text = typeof sql === 'string' ? sql : String((sql as { query?: string }).query);
    if (guard) await guard(text);
    const tap = namespace.get(TAP) as StatementTap | undefined;
    if (tap && (await tap(withReplacements(text, options))) === 'skip') return skippedResult(options);
    return query(sql, options);
  };
}

/**
 * The runner's own Sequelize. Why one connection: every statement of a migration must join
 * its transaction, which Sequelize's CLS context does; with a pool of one, a statement that
 * escaped the context could not run beside the transaction and silently commit on its own,
 * it would wait and fail. lock_timeout and statement_timeout are connection parameters, so
 * they also hold for migrations that run outside a transaction.
 */
export function createMigrationSequelize(databaseUrl: string, settings: MigrationSettings, onSql?: (sql: string) => void): Sequelize {
  Sequelize.useCLS(namespace);
  const sequelize = new Sequelize(databaseUrl, {
    ...SEQUELIZE_DIALECT,
    // Sequelize's log of every statement sent, for rehearsals and tests that compare with the plan.
    logging: onSql ? (message: string) => onSql(message.replace(/^Executing \([^)]*\): /, '')) : false,
    pool: { max: 1, min: 0, acquire: 30_000, idle: 10_000 },
    define: { underscored: true },
    dialectOptions: {
      application_name: 'migrate',
      options: `-c lock_timeout=${settings.lockTimeoutMs} -c statement_timeout=${settings.statementTimeoutMs}`,
    },
  });
  nestTransactions(sequelize);
  guardStatements(sequelize);
  return sequelize;
}
