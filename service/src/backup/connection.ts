import { databaseName, postgresUrlProblem } from '../db/postgres-url';
import { DatabaseUnavailableError } from '../exit-codes';
import { redactConnectionString } from '../redact';

type Env = Record<string, string | undefined>;

/**
 * A URL given on the command line, or the name of an environment variable holding it. The name
 * keeps the password out of the process list, which every user of the machine can read.
 */
export function urlFromArgument(value: string, env: Env = process.env): { raw: string | undefined; setting: string } {
  if (/^[A-Z_][A-Z0-9_]*$/.test(value)) return { raw: env[value], setting: value };
  return { raw: value, setting: 'the URL given' };
}

/** Parses a postgres:// URL, naming the setting and never echoing its password. */
export function parsePostgresUrl(raw: string | undefined, setting: string): URL {
  if (!raw) throw new DatabaseUnavailableError(`${setting} is not set; give a URL such as postgres://user@host:5432/database.`);
  const problem = postgresUrlProblem(raw);
  if (problem) throw new DatabaseUnavailableError(`${setting}=${JSON.stringify(redactConnectionString(raw))} ${problem}.`);
  return new URL(raw);
}

const PASSED_THROUGH_PARAMS: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
};

/**
 * The libpq environment of a child process for this URL. The password travels as PGPASSWORD
 * because the environment of a process is private to its user, while its argv is readable by
 * every user of the machine (ps, /proc).
 */
export function libpqEnv(url: string, base: Env = process.env): Env {
  const parsed = new URL(url);
  const env: Env = {
    ...base,
    PGHOST: parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    PGPORT: parsed.port || '5432',
    PGDATABASE: databaseName(url),
  };
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  // A URL without a password leaves an inherited PGPASSWORD (or ~/.pgpass) to libpq.
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  for (const [param, variable] of Object.entries(PASSED_THROUGH_PARAMS)) {
    const value = parsed.searchParams.get(param);
    if (value) env[variable] = value;
  }
  return env;
}

/** Names of the libpq variables set by libpqEnv, for `docker run -e NAME` (value from the environment). */
export const LIBPQ_VARIABLES = ['PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD', ...Object.values(PASSED_THROUGH_PARAMS)];
