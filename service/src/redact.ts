// Matches the password part of any URL-style connection string (postgres://user:secret@host).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]*)@/gi;
// Matches key=value connection strings (host=... password=secret).
const KEYWORD_PASSWORD = /(password\s*=\s*)('[^']*'|\S+)/gi;

/** Hides passwords in any text that may hold a connection string; safe on any string. */
export function redactConnectionString(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@').replace(KEYWORD_PASSWORD, '$1***');
}

/** Host, port and database of a connection URL, for logs that must say where without saying how. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return redactConnectionString(url);
  }
}
