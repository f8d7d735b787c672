import type { Node } from 'libpg-query';
import type { RuleScope, Rule } from '../types';

function renames(stmt: Node, scope: RuleScope, renameType: string): boolean {
  return 'RenameStmt' in stmt && stmt.RenameStmt.renameType === renameType && scope.existed(stmt.RenameStmt.relation);
}

export const renameTable: Rule = {
  id: 'rename-table',
  why: 'The release still running during the deploy queries the old name, so every request that touches the table fails until the new code is out.',
  safeAlternative:
    'Expand/contract: create the new table (or a view with the new name over the old table), write to both, switch reads, ' +
    'and drop the old name in a later release.',
  matches: (stmt, scope) => renames(stmt, scope, 'OBJECT_TABLE'),
};

export const renameColumn: Rule = {
  id: 'rename-column',
  why: 'The release still running during the deploy selects and inserts the old column name and fails until the new code is out.',
  safeAlternative:
    'Expand/contract: add the new column, write to both, backfill in batches, switch reads to the new column, ' +
    'and drop the old one in a later release.',
  matches: (stmt, scope) =>
    'RenameStmt' in stmt && stmt.RenameStmt.relationType === 'OBJECT_TABLE' && renames(stmt, scope, 'OBJECT_COLUMN'),
};
