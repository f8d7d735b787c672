import { query, runCli, type CliRun } from './migrate-runs';

/** Tables the runner owns; they are not part of the schema migrations make. */
export const RUNNER_TABLES = ['SequelizeMeta', 'migration_audit'];

export interface ColumnInfo {
  readonly table: string;
  readonly column: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
}

export async function readColumns(url: string): Promise<ColumnInfo[]> {
  return query<ColumnInfo>(
    url,
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> ALL ($1)
      ORDER BY 1, 2`,
    [RUNNER_TABLES],
  );
}

/** Everything a migration can change in the public schema, as comparable rows. */
export async function snapshotSchema(url: string): Promise<{ columns: ColumnInfo[]; constraints: unknown[]; indexes: unknown[] }> {
  const constraints = await query(
    url,
    `SELECT c.relname AS table, k.conname, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE k.connamespace = 'public'::regnamespace AND c.relname <> ALL ($1) ORDER BY 1, 2`,
    [RUNNER_TABLES],
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> ALL ($1) ORDER BY 1, 2`,
    [RUNNER_TABLES],
  );
  return { columns: await readColumns(url), constraints, indexes };
}

export type SchemaSnapshot = Awaited<ReturnType<typeof snapshotSchema>>;

/** Every migration applied, all reverted, all applied again (in-process), with the schema after each step. */
export async function roundTrip(
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<{
  runs: [CliRun, CliRun, CliRun];
  /** How long the first `up` took. */
  upMs: number;
  empty: SchemaSnapshot;
  afterUp: SchemaSnapshot;
  afterDown: SchemaSnapshot;
  afterSecondUp: SchemaSnapshot;
}> {
  const empty = await snapshotSchema(databaseUrl);
  const started = performance.now();
  const up = await runCli(['up', '--json'], env);
  const upMs = Math.round(performance.now() - started);
  const afterUp = await snapshotSchema(databaseUrl);
  const down = await runCli(['down', '--to', '0', '--json'], env);
  const afterDown = await snapshotSchema(databaseUrl);
  const secondUp = await runCli(['up', '--json'], env);
  return { runs: [up, down, secondUp], upMs, empty, afterUp, afterDown, afterSecondUp: await snapshotSchema(databaseUrl) };
}
