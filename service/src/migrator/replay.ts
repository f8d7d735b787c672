import type * as SequelizeModule from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationModule } from './migration-module';

const CONCURRENTLY = /\bconcurrently\s+/gi;
const CREATE_FUNCTION = /\bcreate\s+function\b/gi;

/**
 * The SQL a replay sends. The table it builds is new and empty, so CONCURRENTLY buys nothing,
 * and Postgres refuses it inside the transaction the replaying migration runs in: indexes are
 * built plainly. A function (a trigger's, say) outlives DROP TABLE, so it is replaced, not created.
 */
export function replayedSql(sql: string): string {
  return sql.replace(CONCURRENTLY, '').replace(CREATE_FUNCTION, 'CREATE OR REPLACE FUNCTION');
}

function withPlainIndexes(queryInterface: QueryInterface): QueryInterface {
  const sequelize = new Proxy(queryInterface.sequelize, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return (sql: unknown, ...rest: unknown[]) =>
        (target.query as (...args: unknown[]) => unknown).call(target, typeof sql === 'string' ? replayedSql(sql) : sql, ...rest);
    },
  });
  return new Proxy(queryInterface, {
    get(target, property, receiver) {
      if (property === 'sequelize') return sequelize;
      if (property === 'addIndex' || property === 'removeIndex') {
        return (...args: unknown[]) => {
          const plain = args.map((arg) =>
            typeof arg === 'object' && arg !== null && 'concurrently' in arg ? { ...arg, concurrently: false } : arg,
          );
          return (target[property] as (...a: unknown[]) => unknown).apply(target, plain);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs the `up` of earlier migrations again, in their order, on this migration's connection and
 * transaction. The `down` of a migration that dropped a table (make resource-remove) recreates
 * the table this way: its structure as those migrations left it, and no rows; the rows come back
 * only from the backup taken before the drop.
 */
export async function replayUp(
  queryInterface: QueryInterface,
  Sequelize: typeof SequelizeModule,
  migrations: readonly MigrationModule[],
): Promise<void> {
  const plain = withPlainIndexes(queryInterface);
  for (const loaded of migrations) {
    // A TypeScript migration compiled to CommonJS may hold its functions under `default`.
    const migration = (loaded as MigrationModule & { default?: MigrationModule }).default ?? loaded;
    await migration.up(plain, Sequelize);
  }
}
