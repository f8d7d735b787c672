import { QueryTypes, type Sequelize } from 'sequelize';
import type { StatementGuard } from './connection';

// Statements Postgres refuses (or that make no sense) inside a transaction, plus plain reads.
const ALLOWED = [
  /^create\s+(unique\s+)?index\s+concurrently\b/i,
  /^drop\s+index\s+concurrently\b/i,
  /^reindex\s+.*\bconcurrently\b/i,
  /^alter\s+type\s+\S+\s+add\s+value\b/i,
  /^vacuum\b/i,
  /^(select|show)\b/i,
  // Batches of a backfill: each commits on its own, so no long transaction holds row locks;
  // written to skip rows already done (WHERE new_col IS NULL), a failed backfill just runs again.
  /^(update|delete)\b/i,
];
const CREATE_CONCURRENTLY = /^create\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?("([^"]+)"|[a-z_][\w$]*)\s+on\b/i;

function withoutComments(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trim()
    .replace(/;\s*$/, '');
}

async function dropInvalidIndex(sequelize: Sequelize, indexName: string, report: (message: string) => void): Promise<void> {
  const invalid = await sequelize.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = :indexName AND NOT i.indisvalid AND n.nspname = ANY (current_schemas(false))`,
    { type: QueryTypes.SELECT, replacements: { indexName } },
  );
  for (const { schema } of invalid) {
    await sequelize.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}"."${indexName}"`);
    report(`dropped INVALID index ${schema}.${indexName} left by an earlier failed run, before building it again`);
  }
}

/**
 * The check every statement of a `useTransaction = false` migration passes before it is sent:
 * only statements that need to run outside a transaction (so nothing else is left half-done
 * when one fails), one per call, and a CREATE INDEX CONCURRENTLY must name its index so the
 * INVALID index a failed build leaves behind can be found and dropped before the retry.
 * Returns the name of the index a CREATE INDEX CONCURRENTLY builds.
 */
export function checkOutsideTransactionStatement(migration: string, raw: string): { indexName?: string } {
  const refuse = (sql: string, why: string) =>
    new Error(`${migration} runs outside a transaction (useTransaction = false), so ${why}. Refused: ${sql.slice(0, 200)}`);
  const sql = withoutComments(raw);
  if (/;\s*\S/.test(sql)) throw refuse(sql, 'each statement must be sent on its own');
  if (!ALLOWED.some((pattern) => pattern.test(sql))) {
    throw refuse(
      sql,
      'it may only hold statements that cannot run in a transaction (CREATE/DROP INDEX CONCURRENTLY, ...) and batched UPDATE/DELETE; move the rest to a migration of its own',
    );
  }
  if (!/^create\s+(unique\s+)?index\s+concurrently\b/i.test(sql)) return {};
  const match = CREATE_CONCURRENTLY.exec(sql);
  if (!match) throw refuse(sql, 'CREATE INDEX CONCURRENTLY must name its index');
  return { indexName: match[2] ?? (match[1] as string).toLowerCase() };
}

/** The runner's guard: the check above, then the cleanup of an INVALID index left by an earlier failed build. */
export function outsideTransactionGuard(sequelize: Sequelize, migration: string, report: (message: string) => void): StatementGuard {
  // The guard's own catalog queries (a SELECT, a DROP INDEX CONCURRENTLY) pass it too.
  return async (raw) => {
    const { indexName } = checkOutsideTransactionStatement(migration, raw);
    if (indexName) await dropInvalidIndex(sequelize, indexName, report);
  };
}
