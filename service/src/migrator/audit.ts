import { QueryTypes, type Sequelize } from 'sequelize';
import type { Provenance } from './settings';

export type AuditEvent = 'apply' | 'revert' | 'repair' | 'baseline';

export const AUDIT_TABLE = 'migration_audit';

/**
 * Beside SequelizeMeta, which must stay as sequelize-cli knows it, one row per event: what ran,
 * the sha256 of its source, how long it took, who ran it, from which commit, after which backup.
 * Created by the runner under the advisory lock, not by a migration, so it exists before the first one.
 */
export async function ensureAuditTable(sequelize: Sequelize): Promise<void> {
  await sequelize.query(`
    CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name varchar(255) NOT NULL,
      event varchar(16) NOT NULL CHECK (event IN ('apply', 'revert', 'repair', 'baseline')),
      checksum char(64),
      applied_at timestamptz NOT NULL DEFAULT now(),
      duration_ms integer,
      runner_version varchar(100) NOT NULL,
      git_sha varchar(64),
      backup_id varchar(255),
      applied_by varchar(255) NOT NULL,
      note text
    );
    CREATE INDEX IF NOT EXISTS ${AUDIT_TABLE}_name_idx ON ${AUDIT_TABLE} (name, id);`);
}

export interface AuditEntry {
  readonly name: string;
  readonly event: AuditEvent;
  readonly checksum: string | null;
  readonly durationMs?: number;
  readonly note?: string;
}

export async function writeAudit(sequelize: Sequelize, entry: AuditEntry, provenance: Provenance): Promise<void> {
  await sequelize.query(
    `INSERT INTO ${AUDIT_TABLE} (name, event, checksum, duration_ms, runner_version, git_sha, backup_id, applied_by, note)
     VALUES (:name, :event, :checksum, :durationMs, :runnerVersion, :gitSha, :backupId, :actor, :note)`,
    {
      replacements: {
        ...entry,
        durationMs: entry.durationMs === undefined ? null : Math.round(entry.durationMs),
        note: entry.note ?? null,
        ...provenance,
      },
    },
  );
}

export interface RecordedMigration {
  readonly checksum: string | null;
  readonly appliedAt: Date;
  readonly event: AuditEvent;
}

/** The latest apply, repair or baseline of each migration: the checksum its file must still have. */
export async function readRecordedChecksums(sequelize: Sequelize): Promise<Map<string, RecordedMigration>> {
  try {
    const rows = await sequelize.query<{ name: string; checksum: string | null; applied_at: Date; event: AuditEvent }>(
      `SELECT DISTINCT ON (name) name, checksum, applied_at, event FROM ${AUDIT_TABLE}
       WHERE event <> 'revert' ORDER BY name, id DESC`,
      { type: QueryTypes.SELECT },
    );
    return new Map(rows.map((row) => [row.name, { checksum: row.checksum, appliedAt: row.applied_at, event: row.event }]));
  } catch (error) {
    if ((error as { parent?: { code?: string } }).parent?.code === '42P01') return new Map();
    throw error;
  }
}
