import type * as SequelizeModule from 'sequelize';
import type { QueryInterface } from 'sequelize';

type SequelizeStatic = typeof SequelizeModule;

/** A migration module as sequelize-cli writes it: up/down(queryInterface, Sequelize). */
export interface MigrationModule {
  up(queryInterface: QueryInterface, sequelize: SequelizeStatic): Promise<unknown>;
  down?(queryInterface: QueryInterface, sequelize: SequelizeStatic): Promise<unknown>;
  /**
   * `export const useTransaction = false` runs the migration outside a transaction, for
   * statements Postgres refuses inside one (CREATE INDEX CONCURRENTLY). Such a migration may
   * hold only such statements; the runner checks every statement it sends.
   */
  useTransaction?: boolean;
}

export function loadMigration(file: string): MigrationModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- migrations are data found at run time
  const loaded = require(file) as MigrationModule & { default?: MigrationModule };
  const migration = loaded.default ?? loaded;
  if (typeof migration.up !== 'function') throw new Error(`${file} exports no up(queryInterface, Sequelize) function`);
  return migration;
}

export function runsInTransaction(migration: MigrationModule): boolean {
  return migration.useTransaction !== false;
}
