import { readdirSync } from 'node:fs';
import path from 'node:path';

/** migrations/ at the repository root; dist/ mirrors the layout, so the same path works compiled. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

export interface MigrationFile {
  /** The name written to SequelizeMeta: always `.js`, as sequelize-cli writes it, whether run as .ts or .js. */
  readonly name: string;
  readonly path: string;
}

const MIGRATION_FILE = /^\d.*\.(ts|js)$/;

export function toHistoryName(fileName: string): string {
  return fileName.replace(/\.ts$/, '.js');
}

/** Migration files sorted by name; a .ts source wins over a stale .js of the same name. */
export function listMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  const byName = new Map<string, MigrationFile>();
  for (const fileName of readdirSync(dir).sort()) {
    if (!MIGRATION_FILE.test(fileName) || fileName.endsWith('.d.ts')) continue;
    const name = toHistoryName(fileName);
    if (!byName.has(name) || fileName.endsWith('.ts')) byName.set(name, { name, path: path.join(dir, fileName) });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
