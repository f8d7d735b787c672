import type { RecordedMigration } from './audit';
import type { IntegrityProblem } from './errors';
import { checksumOf, type MigrationFile } from './files';

export interface IntegrityInput {
  readonly files: readonly MigrationFile[];
  readonly applied: ReadonlySet<string>;
  readonly recorded: ReadonlyMap<string, RecordedMigration>;
  readonly allowOutOfOrder?: boolean;
}

export interface IntegrityReport {
  readonly problems: IntegrityProblem[];
  /** Applied before the runner recorded checksums (sequelize-cli, an older runner): nothing to compare with. */
  readonly unverified: string[];
  /** Current checksum of each file, computed once and reused by status. */
  readonly checksums: Map<string, string>;
}

function hashHint(file: MigrationFile): string {
  return file.sourcePath.endsWith('.js')
    ? ' (only the compiled .js was found to hash; an image must ship migrations/*.ts beside dist/)'
    : '';
}

/**
 * What `up` refuses to run over: an applied migration whose source changed since it ran, an
 * applied migration whose file is gone, and a pending migration that sorts before the last
 * applied one (a late-merged branch), which would run against a schema its author never saw.
 */
export function checkIntegrity({ files, applied, recorded, allowOutOfOrder = false }: IntegrityInput): IntegrityReport {
  const problems: IntegrityProblem[] = [];
  const unverified: string[] = [];
  const checksums = new Map(files.map((file) => [file.name, checksumOf(file)]));
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const name of [...applied].sort()) {
    const file = byName.get(name);
    const expected = recorded.get(name)?.checksum;
    if (!file) {
      problems.push({
        kind: 'missing-file',
        name,
        message: `${name} was applied but its file is gone; restore it, or accept with \`migrate repair --accept ${name}\``,
      });
    } else if (!expected) {
      unverified.push(name);
    } else if (expected !== checksums.get(name)) {
      const message = `${name} was edited after it was applied (checksum ${expected.slice(0, 12)} recorded, ${checksums.get(name)?.slice(0, 12)} now)${hashHint(file)}; revert the edit and write a new migration, or accept with \`migrate repair --accept ${name}\``;
      problems.push({ kind: 'checksum-mismatch', name, message });
    }
  }
  const lastApplied = [...applied].sort().pop();
  if (lastApplied && !allowOutOfOrder) {
    for (const file of files) {
      if (applied.has(file.name) || file.name >= lastApplied) continue;
      const message = `${file.name} is pending but sorts before ${lastApplied}, which is applied; rename it to a newer timestamp, or run with --allow-out-of-order once reviewed`;
      problems.push({ kind: 'out-of-order', name: file.name, message });
    }
  }
  return { problems, unverified, checksums };
}
