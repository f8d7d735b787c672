import type { ColumnDef, Node } from 'libpg-query';
import { columnConstraints, lastName } from '../parse-tree';

/**
 * Functions whose result is the same for every row of one statement (immutable or stable).
 * Since Postgres 11 a default built only from these is evaluated once and stored in the
 * catalog: no table rewrite. Anything not listed counts as volatile, which errs on the safe side.
 */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'to_timestamp',
  'to_date',
  'make_date',
  'make_time',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'lower',
  'upper',
  'concat',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'json_build_array',
]);

/** Column types that are shorthand for a nextval() default. */
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** True when any function call anywhere inside the expression is not known to be non-volatile. */
export function callsVolatileFunction(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(callsVolatileFunction);
  if (typeof node !== 'object' || node === null) return false;
  const record = node as Record<string, unknown>;
  if ('FuncCall' in record) {
    const call = record.FuncCall as { funcname?: Node[] };
    if (!NON_VOLATILE_FUNCTIONS.has(lastName(call.funcname))) return true;
  }
  return Object.values(record).some(callsVolatileFunction);
}

/** A new column whose value is computed per existing row: Postgres must rewrite the whole table. */
export function hasPerRowDefault(column: ColumnDef): boolean {
  if (SERIAL_TYPES.has(lastName(column.typeName?.names).toLowerCase())) return true;
  return columnConstraints(column).some(
    (constraint) =>
      constraint.contype === 'CONSTR_IDENTITY' || (constraint.contype === 'CONSTR_DEFAULT' && callsVolatileFunction(constraint.raw_expr)),
  );
}
