import { writeAudit } from './audit';
import type { MigratorCore } from './core';
import { QueryTypes } from 'sequelize';
import { EXIT_CODES, MigrateError, UsageError, type IntegrityProblem } from './errors';
import { checksumOf, normalizeMigrationName } from './files';
import { recordApplied, recordReverted } from './history';
import { checkIntegrity, type IntegrityReport } from './integrity';

export type MigrationStateName = 'applied' | 'pending' | 'missing-file';

export interface MigrationStatus {
  readonly name: string;
  readonly state: MigrationStateName;
  readonly appliedAt: string | null;
  readonly checksum: string | null;
  /** What the runner would say about it: ok, or why `up` would refuse. */
  readonly check: 'ok' | 'unverified' | IntegrityProblem['kind'];
}

export interface StatusReport {
  readonly migrations: MigrationStatus[];
  readonly applied: number;
  readonly pending: number;
  readonly problems: IntegrityProblem[];
}

/** Read-only and lock-free, so it answers while another runner migrates. */
export async function readStatus(core: MigratorCore): Promise<StatusReport> {
  const state = await core.readState();
  const report = checkIntegrity(state);
  const problemOf = new Map(report.problems.map((problem) => [problem.name, problem.kind]));
  const names = [...new Set([...state.files.map((file) => file.name), ...state.applied])].sort();
  const migrations = names.map((name): MigrationStatus => {
    const applied = state.applied.has(name);
    const hasFile = report.checksums.has(name);
    return {
      name,
      state: !applied ? 'pending' : hasFile ? 'applied' : 'missing-file',
      appliedAt: applied ? (state.recorded.get(name)?.appliedAt.toISOString() ?? null) : null,
      checksum: report.checksums.get(name) ?? null,
      check: problemOf.get(name) ?? (report.unverified.includes(name) ? 'unverified' : 'ok'),
    };
  });
  const pending = migrations.filter((m) => m.state === 'pending').length;
  return { migrations, applied: state.applied.size, pending, problems: report.problems };
}

export async function verify(core: MigratorCore, allowOutOfOrder: boolean): Promise<IntegrityReport> {
  return checkIntegrity({ ...(await core.readState()), allowOutOfOrder });
}

/**
 * Records a deliberate change to an applied migration: its new checksum, or, when its file was
 * removed on purpose, its removal from SequelizeMeta (the schema it made stays). Always audited.
 */
export async function repair(core: MigratorCore, rawName: string, note?: string): Promise<{ name: string; action: string }> {
  const name = normalizeMigrationName(rawName);
  return core.locked(async () => {
    const state = await core.readState();
    if (!state.applied.has(name)) throw new UsageError(`${name} is not applied, so there is nothing to accept; see \`migrate status\`.`);
    const file = state.files.find((candidate) => candidate.name === name);
    const checksum = file ? checksumOf(file) : null;
    if (file && state.recorded.get(name)?.checksum === checksum)
      return { name, action: 'unchanged: the file matches its recorded checksum' };
    const action = file
      ? `accepted new checksum ${checksum?.slice(0, 12)}`
      : 'accepted removal of its file; history row deleted, schema unchanged';
    await core.sequelize.transaction(async () => {
      if (!file) await recordReverted(core.sequelize, name);
      await writeAudit(core.sequelize, { name, event: 'repair', checksum, note: note ?? action }, core.provenance);
    });
    return { name, action };
  });
}

// Tables the runner itself creates do not count as a schema to adopt.
const OWN_TABLES_SQL = `SELECT count(*)::int AS n FROM pg_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT IN ('SequelizeMeta', 'migration_audit')`;

/** Baselining an empty database would mark migrations applied that never ran: `up` would then fail on missing tables. */
async function assertSchemaToAdopt(core: MigratorCore): Promise<void> {
  const [row] = await core.sequelize.query<{ n: number }>(OWN_TABLES_SQL, { type: QueryTypes.SELECT });
  if ((row?.n ?? 0) > 0) return;
  throw new MigrateError(
    'Refusing to baseline: the database has no tables, so there is no existing schema to adopt. ' +
      'Run `migrate up` to create the schema by running the migrations instead.',
    EXIT_CODES.integrity,
  );
}

/**
 * Adopts a database whose schema already exists (made by hand, by sequelize-cli, restored from a
 * dump): marks every migration up to `to` as applied without running it and records its checksum.
 */
export async function baseline(core: MigratorCore, rawTo: string): Promise<string[]> {
  const to = normalizeMigrationName(rawTo);
  return core.locked(async () => {
    const state = await core.readState();
    if (!state.files.some((file) => file.name === to)) throw new UsageError(`No migration named ${to}; see \`migrate status\`.`);
    await assertSchemaToAdopt(core);
    const marked: string[] = [];
    await core.sequelize.transaction(async () => {
      for (const file of state.files.filter((candidate) => candidate.name <= to)) {
        if (state.applied.has(file.name) && state.recorded.get(file.name)?.checksum) continue;
        if (!state.applied.has(file.name)) await recordApplied(core.sequelize, file.name);
        await writeAudit(core.sequelize, { name: file.name, event: 'baseline', checksum: checksumOf(file) }, core.provenance);
        marked.push(file.name);
      }
    });
    return marked;
  });
}
