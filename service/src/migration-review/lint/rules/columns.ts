import type { ColumnDef } from 'libpg-query';
import { addedColumns, alterTableCommands, columnConstraints } from '../parse-tree';
import type { Rule } from '../types';
import { hasPerRowDefault } from './volatility';

export const changeColumnType: Rule = {
  id: 'change-column-type',
  why:
    'Most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until done, ' +
    'and the running release may not cope with the new type.',
  safeAlternative:
    'Expand/contract: add a column of the new type, write to both, backfill in batches, switch reads, drop the old column later. ' +
    'A change Postgres makes without a rewrite (varchar(n) to a larger n or to text) can be accepted with that reason.',
  matches: (stmt, scope) => alterTableCommands(stmt, scope).some((cmd) => cmd.subtype === 'AT_AlterColumnType'),
};

export const setNotNull: Rule = {
  id: 'set-not-null',
  why: 'SET NOT NULL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock, so reads and writes wait for the scan.',
  safeAlternative:
    'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c in the next migration; then SET NOT NULL, ' +
    'which Postgres 12+ proves from the valid check without a scan, and drop the check.',
  // Sequelize's changeColumn sends SET NOT NULL for allowNull: false even when the column already is: nothing to scan then.
  matches: (stmt, scope) =>
    alterTableCommands(stmt, scope).some(
      (cmd) => cmd.subtype === 'AT_SetNotNull' && !('AlterTableStmt' in stmt && scope.isNotNull(stmt.AlterTableStmt.relation, cmd.name)),
    ),
};

function isNotNullWithoutValue(column: ColumnDef): boolean {
  const types = columnConstraints(column).map((constraint) => constraint.contype);
  const notNull = types.includes('CONSTR_NOTNULL') || types.includes('CONSTR_PRIMARY');
  const valued = types.includes('CONSTR_DEFAULT') || types.includes('CONSTR_IDENTITY') || types.includes('CONSTR_GENERATED');
  return notNull && !valued && !hasPerRowDefault(column);
}

export const addNotNullColumnWithoutDefault: Rule = {
  id: 'add-not-null-column-without-default',
  why: 'Fails on any table that already has rows, and inserts from the running release, which does not know the column, fail once it exists.',
  safeAlternative:
    'Add the column with a constant DEFAULT (no rewrite since Postgres 11), or add it nullable, backfill in batches, ' +
    'and enforce NOT NULL through a validated CHECK constraint.',
  matches: (stmt, scope) => addedColumns(alterTableCommands(stmt, scope)).some(isNotNullWithoutValue),
};

export const addColumnVolatileDefault: Rule = {
  id: 'add-column-volatile-default',
  why:
    'A default computed per row (random(), gen_random_uuid(), clock_timestamp(), nextval(), serial, identity) makes Postgres ' +
    'rewrite the whole table under an ACCESS EXCLUSIVE lock.',
  safeAlternative:
    'Add the column without a default, then ALTER COLUMN ... SET DEFAULT for new rows (no rewrite), and backfill existing rows in batches.',
  matches: (stmt, scope) => addedColumns(alterTableCommands(stmt, scope)).some(hasPerRowDefault),
};
