import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

const TEMPLATE = `import type { QueryInterface } from 'sequelize';
import type * as SequelizeStatic from 'sequelize';

// Runs in one transaction with its history row. Never edit it once applied anywhere: write a new one.
// For CREATE INDEX CONCURRENTLY, add \`export const useTransaction = false;\` and nothing else but such statements.
export async function up(queryInterface: QueryInterface, Sequelize: typeof SequelizeStatic): Promise<void> {
  // Replace with the change; it fails (and keeps nothing) until you do, as there is no table_name.
  await queryInterface.addColumn('table_name', 'column_name', { type: Sequelize.STRING(64), allowNull: true });
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.removeColumn('table_name', 'column_name');
}
`;

// Latin letters that have no decomposition into a base letter and an accent.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd' };

/** yyyymmddHHMMss in UTC, the prefix sequelize-cli uses, so files sort in the order they were written. */
export function timestampPrefix(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

export function toKebabName(raw: string): string {
  const kebab = raw
    // Letters with accents keep their letter (ünïcode -> unicode), not a dash.
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæøœłđ]/gi, (letter) => LETTERS[letter.toLowerCase()] ?? '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!kebab) throw new UsageError(`"${raw}" gives no usable file name; use words such as add-sku-to-items.`);
  return kebab;
}

/** An existing migration with the same name, whatever its timestamp: two would be hard to tell apart. */
function sameName(dir: string, kebab: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).find((file) => /^\d+-/.test(file) && file.replace(/^\d+-/, '').replace(/\.(ts|js)$/, '') === kebab);
}

/** Writes <dir>/<UTC timestamp>-<kebab-name>.ts from the template and returns its path. */
export function createMigrationFile(dir: string, rawName: string, now = new Date()): string {
  const kebab = toKebabName(rawName);
  const existing = sameName(dir, kebab);
  if (existing) {
    throw new UsageError(
      `${path.join(dir, existing)} already has the name ${kebab}. Edit that one if it has not run anywhere yet, or choose a name that says what this change does.`,
    );
  }
  const file = path.join(dir, `${timestampPrefix(now)}-${kebab}.ts`);
  if (existsSync(file)) throw new UsageError(`${file} already exists; wait a second or choose another name.`);
  writeFileSync(file, TEMPLATE, { flag: 'wx' });
  return file;
}
