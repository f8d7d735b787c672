import type { Node } from 'libpg-query';
import { droppedNames, isOptionOn, options } from '../parse-tree';
import type { Rule } from '../types';

function runsConcurrently(stmt: Node): boolean {
  if ('IndexStmt' in stmt) return stmt.IndexStmt.concurrent === true;
  if ('DropStmt' in stmt) return stmt.DropStmt.concurrent === true;
  if ('ReindexStmt' in stmt) return isOptionOn(options(stmt.ReindexStmt.params), 'concurrently');
  return false;
}

export const createIndexNotConcurrently: Rule = {
  id: 'create-index-not-concurrently',
  why: 'CREATE INDEX holds a SHARE lock on the table for the whole build, so every INSERT, UPDATE and DELETE waits until it ends.',
  safeAlternative:
    'CREATE INDEX CONCURRENTLY in its own migration that opts out of the transaction; if it fails, drop the INVALID index it leaves and retry.',
  matches: (stmt, scope) => 'IndexStmt' in stmt && !runsConcurrently(stmt) && scope.existed(stmt.IndexStmt.relation),
};

export const dropIndexNotConcurrently: Rule = {
  id: 'drop-index-not-concurrently',
  why: 'DROP INDEX takes an ACCESS EXCLUSIVE lock on its table: it queues behind any running query and every later query queues behind it.',
  safeAlternative: 'DROP INDEX CONCURRENTLY in its own migration that opts out of the transaction.',
  matches: (stmt, scope) =>
    'DropStmt' in stmt &&
    stmt.DropStmt.removeType === 'OBJECT_INDEX' &&
    !runsConcurrently(stmt) &&
    droppedNames(stmt.DropStmt.objects).some((name) => scope.existed(name)),
};

export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  why: 'Postgres refuses CREATE INDEX, DROP INDEX and REINDEX CONCURRENTLY inside a transaction block, so the migration fails.',
  safeAlternative:
    'Move the statement to its own migration that opts out of the transaction, one CONCURRENTLY statement per migration ' +
    'so a failure leaves nothing half-applied.',
  matches: (stmt, scope) => scope.inTransaction && runsConcurrently(stmt),
};
