import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Compiled, this file sits in dist/service/src/migrator; from source, in service/src/migrator.
const COMPILED = __filename.endsWith('.js');
const REPOSITORY_ROOT = path.resolve(__dirname, COMPILED ? '../../../..' : '../../..');

/** Where the runnable migrations are: migrations/*.ts from source, dist/migrations/*.js compiled. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');
/** Where the TypeScript sources are, whose checksums are recorded (the image ships them too). */
export const DEFAULT_SOURCES_DIR = path.join(REPOSITORY_ROOT, 'migrations');

export interface MigrationFile {
  /** The name written to SequelizeMeta: always `.js`, as sequelize-cli writes it, whether run as .ts or .js. */
  readonly name: string;
  /** The file that runs. */
  readonly path: string;
  /** The file whose checksum is recorded: the .ts source when there is one, else the file that runs. */
  readonly sourcePath: string;
}

const MIGRATION_FILE = /^\d.*\.(ts|js)$/;

export function toHistoryName(fileName: string): string {
  return fileName.replace(/\.ts$/, '.js');
}

/**
 * A migration as a person names it (`status` shows `X.js`, the folder `X.ts`; a path or no
 * extension also do) to the name in SequelizeMeta.
 */
export function normalizeMigrationName(raw: string): string {
  return `${path.basename(raw.trim()).replace(/\.(ts|js)$/, '')}.js`;
}

function sourceOf(runnable: string, sourcesDir: string): string {
  if (runnable.endsWith('.ts')) return runnable;
  const source = path.join(sourcesDir, path.basename(runnable).replace(/\.js$/, '.ts'));
  return existsSync(source) ? source : runnable;
}

/** Migration files sorted by name; a .ts source wins over a stale .js of the same name. */
export function listMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR, sourcesDir: string = DEFAULT_SOURCES_DIR): MigrationFile[] {
  const byName = new Map<string, string>();
  for (const fileName of readdirSync(dir).sort()) {
    if (!MIGRATION_FILE.test(fileName) || fileName.endsWith('.d.ts')) continue;
    const name = toHistoryName(fileName);
    if (!byName.has(name) || fileName.endsWith('.ts')) byName.set(name, path.join(dir, fileName));
  }
  return [...byName.entries()]
    .map(([name, file]) => ({ name, path: file, sourcePath: sourceOf(file, sourcesDir) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * sha256 of the migration's source. Line endings are normalised so a Windows checkout
 * (core.autocrlf) does not look like an edit; nothing else is, so any real change shows.
 */
export function checksumOf(file: MigrationFile): string {
  const source = readFileSync(file.sourcePath, 'utf8').replace(/\r\n/g, '\n');
  return createHash('sha256').update(source).digest('hex');
}
