import { addedConstraints, alterTableCommands } from '../parse-tree';
import type { Rule } from '../types';

export const constraintNotValid: Rule = {
  id: 'constraint-not-valid',
  why:
    'A new foreign key or check constraint is verified against every existing row while a lock blocks writes to the table ' +
    '(and, for a foreign key, to the referenced table too).',
  safeAlternative:
    'ADD CONSTRAINT ... NOT VALID (instant; new rows are checked from then on), then ALTER TABLE ... VALIDATE CONSTRAINT ' +
    'in a later migration, which scans under a lock that lets reads and writes continue.',
  matches: (stmt, scope) =>
    addedConstraints(alterTableCommands(stmt, scope)).some(
      (constraint) =>
        (constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') && constraint.skip_validation !== true,
    ),
};

export const uniqueWithoutIndex: Rule = {
  id: 'unique-without-index',
  why: 'A UNIQUE or PRIMARY KEY constraint builds its index while holding an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.',
  safeAlternative:
    'CREATE UNIQUE INDEX CONCURRENTLY idx ON t (col) in a migration without a transaction, then ' +
    'ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX idx (or PRIMARY KEY USING INDEX idx).',
  matches: (stmt, scope) =>
    addedConstraints(alterTableCommands(stmt, scope)).some(
      (constraint) => (constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') && !constraint.indexname,
    ),
};
