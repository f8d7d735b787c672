import { QueryTypes, type Sequelize } from 'sequelize';

const UNDEFINED_TABLE = '42P01';

/** Names recorded in SequelizeMeta; an empty set when no migration ever ran. */
export async function readAppliedMigrations(sequelize: Sequelize): Promise<Set<string>> {
  try {
    const rows = await sequelize.query<{ name: string }>('SELECT name FROM "SequelizeMeta"', { type: QueryTypes.SELECT });
    return new Set(rows.map((row) => row.name));
  } catch (error) {
    const code = (error as { parent?: { code?: string } }).parent?.code;
    if (code === UNDEFINED_TABLE) return new Set();
    throw error;
  }
}
