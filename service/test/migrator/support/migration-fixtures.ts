import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A migration written as compiled JavaScript (CommonJS), so both jest and the compiled CLI can run it. */
export interface FixtureMigration {
  readonly name: string;
  /** SQL statements run one by one by up(); a statement may be a JS expression when it starts with `js:`. */
  readonly up: readonly string[];
  readonly down?: readonly string[];
  readonly useTransaction?: boolean;
}

function statements(sqls: readonly string[]): string {
  return sqls
    .map((sql) => (sql.startsWith('js:') ? `  ${sql.slice(3)};` : `  await queryInterface.sequelize.query(${JSON.stringify(sql)});`))
    .join('\n');
}

export function fixtureSource(migration: FixtureMigration): string {
  const lines = [`'use strict';`, `exports.up = async (queryInterface, Sequelize) => {`, statements(migration.up), `};`];
  if (migration.down) lines.push(`exports.down = async (queryInterface, Sequelize) => {`, statements(migration.down), `};`);
  if (migration.useTransaction === false) lines.push('exports.useTransaction = false;');
  return `${lines.join('\n')}\n`;
}

export interface FixtureDir {
  readonly dir: string;
  write(migration: FixtureMigration): string;
  remove(): void;
}

export function createFixtureDir(migrations: readonly FixtureMigration[] = []): FixtureDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  const write = (migration: FixtureMigration) => {
    const file = path.join(dir, `${migration.name}.js`);
    writeFileSync(file, fixtureSource(migration));
    return file;
  };
  migrations.forEach(write);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `count` small migrations, each creating (and dropping on down) a table of its own. */
export function tableMigrations(count: number, prefix = '20250101'): FixtureMigration[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(6, '0');
    return {
      name: `${prefix}${number}-create-t${number}`,
      up: [`CREATE TABLE t${number} (id integer PRIMARY KEY)`],
      down: [`DROP TABLE t${number}`],
    };
  });
}
