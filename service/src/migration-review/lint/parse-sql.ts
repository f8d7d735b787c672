import { hasSqlDetails, parse, type Node } from 'libpg-query';

export interface ParsedStatement {
  readonly node: Node;
  /** The statement's own text, trimmed, as Postgres will receive it. */
  readonly text: string;
}

/** The planned SQL could not be parsed: the migration would fail too, so lint stops and says where. */
export class SqlParseError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(message);
    this.name = 'SqlParseError';
  }
}

/** Parses with the real Postgres grammar and splits into statements (one planned string may hold several). */
export async function parseStatements(migration: string, sql: string): Promise<ParsedStatement[]> {
  let result;
  try {
    result = await parse(sql);
  } catch (error) {
    const where = hasSqlDetails(error) && error.sqlDetails ? ` at character ${error.sqlDetails.cursorPosition + 1}` : '';
    throw new SqlParseError(
      migration,
      `${migration}: its SQL does not parse${where}: ${(error as Error).message}. Postgres would reject it too; fix the statement.`,
    );
  }
  // Locations are byte offsets into the UTF-8 text, not string indexes.
  const bytes = Buffer.from(sql, 'utf8');
  return (result.stmts ?? []).flatMap((raw) => {
    if (!raw.stmt) return [];
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    return [{ node: raw.stmt, text: bytes.subarray(start, end).toString('utf8').trim() }];
  });
}
