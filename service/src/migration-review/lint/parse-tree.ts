import type { AlterTableCmd, ColumnDef, Constraint, DefElem, Node, RangeVar } from 'libpg-query';
import type { RuleScope } from './types';

/** The sub-commands of an ALTER TABLE on a table that existed before this plan; [] for anything else. */
export function alterTableCommands(stmt: Node, scope: RuleScope): AlterTableCmd[] {
  if (!('AlterTableStmt' in stmt)) return [];
  const alter = stmt.AlterTableStmt;
  if (alter.objtype !== 'OBJECT_TABLE' || !scope.existed(alter.relation)) return [];
  return (alter.cmds ?? []).flatMap((cmd) => ('AlterTableCmd' in cmd ? [cmd.AlterTableCmd] : []));
}

export function addedColumns(commands: readonly AlterTableCmd[]): ColumnDef[] {
  return commands.flatMap((cmd) => (cmd.subtype === 'AT_AddColumn' && cmd.def && 'ColumnDef' in cmd.def ? [cmd.def.ColumnDef] : []));
}

export function columnConstraints(column: ColumnDef): Constraint[] {
  return (column.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
}

/** Table constraints of ADD CONSTRAINT plus the inline constraints of ADD COLUMN: both are checked against existing rows. */
export function addedConstraints(commands: readonly AlterTableCmd[]): Constraint[] {
  const tableLevel = commands.flatMap((cmd) =>
    cmd.subtype === 'AT_AddConstraint' && cmd.def && 'Constraint' in cmd.def ? [cmd.def.Constraint] : [],
  );
  return [...tableLevel, ...addedColumns(commands).flatMap(columnConstraints)];
}

/** The last part of a qualified name list such as `pg_catalog.int4` or `public.nextval`. */
export function lastName(names: readonly Node[] | undefined): string {
  const last = names?.at(-1);
  return last && 'String' in last ? (last.String.sval ?? '') : '';
}

/** Each object of a DROP as a dotted name: `schema.table`, `index`, or a schema name. */
export function droppedNames(objects: readonly Node[] | undefined): string[] {
  return (objects ?? []).map((object) => {
    if ('String' in object) return object.String.sval ?? '';
    if ('List' in object) return (object.List.items ?? []).map((part) => lastName([part])).join('.');
    return '';
  });
}

export function options(nodes: readonly Node[] | undefined): DefElem[] {
  return (nodes ?? []).flatMap((node) => ('DefElem' in node ? [node.DefElem] : []));
}

/** `VACUUM (FULL)` and `VACUUM (FULL true)` switch an option on; `(FULL false)` / `off` / `0` do not. */
export function isOptionOn(all: readonly DefElem[], name: string): boolean {
  const option = all.find((candidate) => candidate.defname === name);
  if (!option) return false;
  const arg = option.arg;
  if (!arg) return true;
  if ('String' in arg) return !['false', 'off', '0', 'no'].includes((arg.String.sval ?? '').toLowerCase());
  if ('Boolean' in arg) return arg.Boolean.boolval === true;
  if ('Integer' in arg) return arg.Integer.ival !== undefined && arg.Integer.ival !== 0;
  return true;
}

export function relationKey(relation: RangeVar): string {
  return relation.schemaname ? `${relation.schemaname}.${relation.relname ?? ''}` : (relation.relname ?? '');
}
