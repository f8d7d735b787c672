/**
 * What is wrong with a Postgres connection URL, as a phrase to follow the setting's name
 * ("DATABASE_URL must ..."), or undefined when it is usable. The phrase never echoes the URL,
 * so callers decide how (and whether) to show it redacted.
 */
export function postgresUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a URL such as postgres://user@host:5432/database';
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol)) return `must start with postgres:// (got ${url.protocol}//)`;
  if (url.pathname.length <= 1) return 'must name a database, e.g. postgres://host:5432/mydb';
  return undefined;
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** The same server and credentials, another database on it. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
