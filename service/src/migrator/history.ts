import { QueryTypes, type Sequelize } from 'sequelize';

const UNDEFINED_TABLE = '42P01';

function isUndefinedTable(error: unknown): boolean {
  return (error as { parent?: { code?: string } }).parent?.code === UNDEFINED_TABLE;
}

/** Names recorded in SequelizeMeta; an empty set when no migration ever ran. */
export async function readAppliedMigrations(sequelize: Sequelize): Promise<Set<string>> {
  try {
    const rows = await sequelize.query<{ name: string }>('SELECT name FROM "SequelizeMeta"', { type: QueryTypes.SELECT });
    return new Set(rows.map((row) => row.name));
  } catch (error) {
    if (isUndefinedTable(error)) return new Set();
    throw error;
  }
}

/**
 * The DDL sequelize-cli's storage emits (a primary key that is also UNIQUE), so a database
 * first migrated by this runner stays readable by `sequelize-cli db:migrate:status` and back.
 */
export async function ensureHistoryTable(sequelize: Sequelize): Promise<void> {
  await sequelize.query('CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE, PRIMARY KEY ("name"))');
}

// Callers run these inside the migration's transaction (joined through the CLS context).
export async function recordApplied(sequelize: Sequelize, name: string): Promise<void> {
  await sequelize.query('INSERT INTO "SequelizeMeta" (name) VALUES (:name)', { replacements: { name } });
}

export async function recordReverted(sequelize: Sequelize, name: string): Promise<void> {
  await sequelize.query('DELETE FROM "SequelizeMeta" WHERE name = :name', { replacements: { name } });
}
