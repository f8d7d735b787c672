import type { Client } from 'pg';
import { ListeningClient } from '../pg-client';
import { DatabaseUnavailableError } from '../exit-codes';
import { describeDatabase, redactConnectionString } from '../redact';

/** What a backup promises about its database, and what a restored copy must show again. */
export interface DatabaseFacts {
  /** Rows per table, keyed "schema.table". */
  readonly tables: Record<string, number>;
  /** Names in "SequelizeMeta", sorted; empty when no migration ever ran. */
  readonly migrations: string[];
}

export interface ServerVersion {
  readonly version: string;
  readonly versionNum: number;
}

// Ordinary tables of every schema pg_dump dumps: no system schemas, no tables owned by extensions.
const USER_TABLES = `
  SELECT format('%I.%I', n.nspname, c.relname) AS qualified, n.nspname AS schema, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 2, 3`;

/**
 * Counts every table and reads the applied migrations through `client`. Inside a REPEATABLE
 * READ transaction the figures belong to that transaction's snapshot.
 */
export async function readDatabaseFacts(client: Client): Promise<DatabaseFacts> {
  const { rows } = await client.query<{ qualified: string; schema: string; name: string }>(USER_TABLES);
  const tables: Record<string, number> = {};
  for (const table of rows) {
    const counted = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${table.qualified}`);
    tables[`${table.schema}.${table.name}`] = Number(counted.rows[0]?.rows ?? 0);
  }
  // Probing first keeps a missing table from aborting the surrounding transaction.
  const meta = await client.query<{ present: boolean }>(`SELECT to_regclass('"SequelizeMeta"') IS NOT NULL AS present`);
  const migrations = meta.rows[0]?.present
    ? (await client.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name')).rows.map((row) => row.name)
    : [];
  return { tables, migrations };
}

export async function readServerVersion(client: Client): Promise<ServerVersion> {
  const { rows } = await client.query<{ version: string; num: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
  );
  return { version: rows[0]?.version ?? 'unknown', versionNum: Number(rows[0]?.num ?? 0) };
}

/** User relations of any kind (tables, views, sequences); a database with none is empty. */
export async function countUserRelations(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Differences between what a manifest promises and what a database shows, one sentence each. */
export function compareFacts(expected: DatabaseFacts, actual: DatabaseFacts): string[] {
  const problems: string[] = [];
  const names = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const name of [...names].sort()) {
    const want = expected.tables[name];
    const got = actual.tables[name];
    if (want === undefined) problems.push(`table ${name} is in the restored copy but not in the manifest`);
    else if (got === undefined) problems.push(`table ${name} (${want} rows in the manifest) is missing from the restored copy`);
    else if (want !== got) problems.push(`table ${name} has ${got} rows in the restored copy, the manifest says ${want}`);
  }
  const wantMigrations = expected.migrations.join('\n');
  if (wantMigrations !== actual.migrations.join('\n')) {
    const missing = expected.migrations.filter((name) => !actual.migrations.includes(name));
    const extra = actual.migrations.filter((name) => !expected.migrations.includes(name));
    problems.push(`applied migrations differ (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`);
  }
  return problems;
}

/** A connected client, or an error that says where it tried to connect (never with the password). */
export async function openClient(url: string, purpose: string): Promise<Client> {
  const client = new ListeningClient({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `cannot connect to ${describeDatabase(url)} (${purpose}): ${redactConnectionString((error as Error).message)}. Check the URL and that the server is running.`,
    );
  }
}
