import type { DropStmt, Node } from 'libpg-query';
import { alterTableCommands, droppedNames, isOptionOn, options } from '../parse-tree';
import type { Rule, RuleScope } from '../types';

/**
 * Statements whose lock blocks reads or writes of an object other sessions may be using. While
 * such a lock waits, every later query on the table queues behind it. CONCURRENTLY and plain
 * VACUUM take SHARE UPDATE EXCLUSIVE, which lets reads and writes through, so they are left out.
 */
function blocksOthersWhileWaiting(stmt: Node, scope: RuleScope): boolean {
  if ('AlterTableStmt' in stmt) return alterTableCommands(stmt, scope).length > 0;
  if ('RenameStmt' in stmt) return scope.existed(stmt.RenameStmt.relation);
  if ('CreateTrigStmt' in stmt) return scope.existed(stmt.CreateTrigStmt.relation);
  if ('IndexStmt' in stmt) return stmt.IndexStmt.concurrent !== true && scope.existed(stmt.IndexStmt.relation);
  if ('DropStmt' in stmt) return stmt.DropStmt.concurrent !== true && dropsExistingRelation(stmt.DropStmt, scope);
  if ('TruncateStmt' in stmt) return (stmt.TruncateStmt.relations ?? []).some((rel) => 'RangeVar' in rel && scope.existed(rel.RangeVar));
  if ('ReindexStmt' in stmt) return !isOptionOn(options(stmt.ReindexStmt.params), 'concurrently');
  if ('VacuumStmt' in stmt) return isOptionOn(options(stmt.VacuumStmt.options), 'full');
  return 'ClusterStmt' in stmt;
}

function dropsExistingRelation(drop: DropStmt, scope: RuleScope): boolean {
  const relational = ['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SCHEMA'].includes(drop.removeType ?? '');
  return relational && droppedNames(drop.objects).some((name) => scope.existed(name));
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
  matches: (stmt, scope) => !scope.runnerTimeoutsEnabled && !scope.lockTimeoutSet && blocksOthersWhileWaiting(stmt, scope),
};
