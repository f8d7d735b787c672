import * as SequelizeModule from 'sequelize';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { DEFAULT_MIGRATIONS_DIR, listMigrationFiles } from './migration-files';

/** A migration module as sequelize-cli writes it: up/down(queryInterface, Sequelize). */
interface MigrationModule {
  up(queryInterface: QueryInterface, sequelize: typeof SequelizeModule): Promise<unknown>;
  down?(queryInterface: QueryInterface, sequelize: typeof SequelizeModule): Promise<unknown>;
}

function loadMigration(file: string): MigrationModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- migrations are data found at run time
  const loaded = require(file) as MigrationModule & { default?: MigrationModule };
  return loaded.default ?? loaded;
}

export type Migrator = Umzug<QueryInterface>;

/**
 * Umzug over migrations/, recording history in SequelizeMeta exactly as sequelize-cli does.
 * This is the minimal engine; locking, checksums and audit come from the safe runner around it.
 */
export function createMigrator(sequelize: Sequelize, dir: string = DEFAULT_MIGRATIONS_DIR): Migrator {
  return new Umzug({
    migrations: listMigrationFiles(dir).map((file) => ({
      name: file.name,
      path: file.path,
      up: async ({ context }) => loadMigration(file.path).up(context, SequelizeModule),
      down: async ({ context }) => {
        const migration = loadMigration(file.path);
        if (!migration.down) throw new Error(`${file.name} has no down(); restore from a backup to undo it.`);
        return migration.down(context, SequelizeModule);
      },
    })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, modelName: 'SequelizeMeta', tableName: 'SequelizeMeta', timestamps: false }),
    logger: undefined,
  });
}
