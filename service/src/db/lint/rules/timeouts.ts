import type { Node } from 'libpg-query';
import { alterTableCommands, droppedNames } from '../parse-tree';
import type { Rule, RuleScope } from '../types';

/** Statements that wait for a table-level lock on an object other sessions may be using. */
function waitsForLock(stmt: Node, scope: RuleScope): boolean {
  if ('AlterTableStmt' in stmt) return alterTableCommands(stmt, scope).length > 0;
  if ('RenameStmt' in stmt) return scope.existed(stmt.RenameStmt.relation);
  if ('IndexStmt' in stmt) return scope.existed(stmt.IndexStmt.relation);
  if ('CreateTrigStmt' in stmt) return scope.existed(stmt.CreateTrigStmt.relation);
  if ('DropStmt' in stmt) {
    const { removeType, objects } = stmt.DropStmt;
    const relational = ['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SCHEMA'].includes(removeType ?? '');
    return relational && droppedNames(objects).some((name) => scope.existed(name));
  }
  if ('TruncateStmt' in stmt) return (stmt.TruncateStmt.relations ?? []).some((rel) => 'RangeVar' in rel && scope.existed(rel.RangeVar));
  if ('ClusterStmt' in stmt || 'VacuumStmt' in stmt || 'ReindexStmt' in stmt) return true;
  return false;
}

export const missingLockTimeout: Rule = {
  id: 'missing-lock-timeout',
  why:
    "The runner's timeouts are off and this migration sets no lock_timeout: while its DDL waits for a lock held by a long " +
    'query, every other query on the table queues behind it, which is an outage.',
  safeAlternative:
    "Begin the migration with SET LOCAL lock_timeout = '5s' so it gives up instead of blocking others, and run it again later; " +
    "or keep the runner's timeouts on.",
  oncePerMigration: true,
  matches: (stmt, scope) => !scope.runnerTimeoutsEnabled && !scope.lockTimeoutSet && waitsForLock(stmt, scope),
};
