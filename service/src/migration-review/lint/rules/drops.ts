import { alterTableCommands, droppedNames } from '../parse-tree';
import type { Rule } from '../types';

export const dropTable: Rule = {
  id: 'drop-table',
  why: 'Deletes the table and its data for good, and the release still running during the deploy fails on every query that touches it.',
  safeAlternative:
    'Contract in a later release: first ship code that no longer reads or writes the table, then drop it in its own migration ' +
    'after a verified backup, and accept the finding with the reason.',
  matches: (stmt, scope) =>
    'DropStmt' in stmt &&
    stmt.DropStmt.removeType === 'OBJECT_TABLE' &&
    droppedNames(stmt.DropStmt.objects).some((name) => scope.existed(name)),
};

export const dropColumn: Rule = {
  id: 'drop-column',
  why: 'Deletes the column and its data for good, and instances of the previous release that still select or insert it fail until they are replaced.',
  safeAlternative:
    'Contract in a later release: first ship code (and the Sequelize model) that no longer uses the column, then drop it in its own ' +
    'migration and accept the finding with the reason.',
  matches: (stmt, scope) => alterTableCommands(stmt, scope).some((cmd) => cmd.subtype === 'AT_DropColumn'),
};

export const dropSchema: Rule = {
  id: 'drop-schema',
  why: 'Drops the schema and, with CASCADE, every table, view and function in it; only a restore brings them back.',
  safeAlternative:
    'Retire the objects one by one in reviewed migrations once nothing uses them, then drop the empty schema without CASCADE.',
  matches: (stmt, scope) =>
    'DropStmt' in stmt &&
    stmt.DropStmt.removeType === 'OBJECT_SCHEMA' &&
    droppedNames(stmt.DropStmt.objects).some((name) => scope.existed(name)),
};
