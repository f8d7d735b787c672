import type { ResourceNames } from './names';

/** The migration that creates the resource's table; the model in <singular>.model.ts mirrors it. */
export function createMigrationFile(n: ResourceNames): string {
  return `import type { QueryInterface } from 'sequelize';
import type * as SequelizeStatic from 'sequelize';

// sequelize-cli signature: (queryInterface, Sequelize). Columns are snake_case.
export async function up(queryInterface: QueryInterface, Sequelize: typeof SequelizeStatic): Promise<void> {
  await queryInterface.createTable('${n.table}', {
    id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    name: { type: Sequelize.STRING(200), allowNull: false },
    created_at: { type: Sequelize.DATE, allowNull: false },
    updated_at: { type: Sequelize.DATE, allowNull: false },
  });
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.dropTable('${n.table}');
}
`;
}

/** A migration file name the runner orders after every existing one: UTC YYYYMMDDHHmmss-<what>.ts. */
export function migrationFileName(now: Date, what: string, existing: readonly string[]): string {
  const stamp = (date: Date): string => date.toISOString().replace(/\D/g, '').slice(0, 14);
  const latest =
    existing
      .map((name) => name.slice(0, 14))
      .sort()
      .at(-1) ?? '';
  let at = now;
  // Never at or before the newest file, even with a clock behind the last commit's.
  while (stamp(at) <= latest) at = new Date(at.getTime() + 1000);
  return `${stamp(at)}-${what}.ts`;
}

/**
 * The migration that drops a removed resource's table. `down` recreates it, empty, by running the
 * resource's earlier migrations again, so `down --to 0` and the round-trip test still work.
 */
export function dropMigrationFile(n: ResourceNames, earlier: readonly string[]): string {
  const modules = earlier.map((file, index) => ({ name: `created${index + 1}`, file: file.replace(/\.ts$/, '') }));
  return `import type { QueryInterface } from 'sequelize';
import type * as SequelizeStatic from 'sequelize';
import { replayUp } from '../service/src/migrator/replay';
${modules.map((m) => `import * as ${m.name} from './${m.file}';`).join('\n')}

// The ${n.plural} resource was removed (make resource-remove): nothing reads or writes ${n.table} any more.
// Deploy the removal of the code first where old releases may still run, and keep the backup the
// deploy takes before this migration: it is the only copy of the rows.
export const accept = { 'drop-table': 'the ${n.plural} resource was removed; its rows are in the pre-deploy backup' };

export async function up(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.dropTable('${n.table}');
}

// Recreates the table, without its rows, as the migrations that built it left it.
export async function down(queryInterface: QueryInterface, Sequelize: typeof SequelizeStatic): Promise<void> {
  await replayUp(queryInterface, Sequelize, [${modules.map((m) => m.name).join(', ')}]);
}
`;
}
