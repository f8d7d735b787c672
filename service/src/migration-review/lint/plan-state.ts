import type { Node, RangeVar, VariableSetStmt } from 'libpg-query';
import { lastName, relationKey } from './parse-tree';
import type { PlannedStatement, RuleScope } from './types';

/**
 * What the plan has done so far: objects it created (nobody else uses them yet, so locks and
 * rewrites on them are harmless) and whether the current migration set a lock_timeout.
 */
export class PlanState {
  private readonly created: Set<string>;
  private readonly lockTimeoutOf = new Map<string, boolean>();

  private readonly notNull: Set<string>;

  constructor(createdInThisPlan: ReadonlySet<string>, notNullColumns: ReadonlySet<string> = new Set()) {
    this.created = new Set([...createdInThisPlan].map(withoutPublic));
    this.notNull = new Set([...notNullColumns].map(withoutPublic));
  }

  scopeFor(planned: PlannedStatement, runnerTimeoutsEnabled: boolean): RuleScope {
    return {
      inTransaction: planned.inTransaction,
      runnerTimeoutsEnabled,
      lockTimeoutSet: this.lockTimeoutOf.get(planned.migration) ?? false,
      existed: (relation) => relation !== undefined && !this.isCreated(relation),
      isNotNull: (relation, column) => relation !== undefined && this.notNull.has(columnKey(relation, column)),
    };
  }

  record(migration: string, stmt: Node): void {
    const createdName = createdObjectName(stmt);
    if (createdName) this.created.add(withoutPublic(createdName));
    const lockTimeout = lockTimeoutChange(stmt);
    if (lockTimeout !== undefined) this.lockTimeoutOf.set(migration, lockTimeout);
    this.recordNullability(stmt);
  }

  private recordNullability(stmt: Node): void {
    if (!('AlterTableStmt' in stmt) || !stmt.AlterTableStmt.relation) return;
    const relation = stmt.AlterTableStmt.relation;
    for (const node of stmt.AlterTableStmt.cmds ?? []) {
      if (!('AlterTableCmd' in node)) continue;
      const { subtype, name } = node.AlterTableCmd;
      if (subtype === 'AT_SetNotNull') this.notNull.add(columnKey(relation, name));
      if (subtype === 'AT_DropNotNull' || subtype === 'AT_DropColumn') this.notNull.delete(columnKey(relation, name));
    }
  }

  private isCreated(relation: RangeVar | string): boolean {
    return this.created.has(withoutPublic(typeof relation === 'string' ? relation : relationKey(relation)));
  }
}

function columnKey(relation: RangeVar, column: string | undefined): string {
  return `${withoutPublic(relationKey(relation))}.${column ?? ''}`;
}

/** `public.items` and `items` name the same table under the default search_path. */
function withoutPublic(name: string): string {
  return name.replace(/^public\./, '');
}

function createdObjectName(stmt: Node): string | undefined {
  if ('CreateStmt' in stmt && stmt.CreateStmt.relation) return relationKey(stmt.CreateStmt.relation);
  if ('CreateTableAsStmt' in stmt && stmt.CreateTableAsStmt.into?.rel) return relationKey(stmt.CreateTableAsStmt.into.rel);
  if ('IndexStmt' in stmt && stmt.IndexStmt.idxname) {
    const schema = stmt.IndexStmt.relation?.schemaname;
    return schema ? `${schema}.${stmt.IndexStmt.idxname}` : stmt.IndexStmt.idxname;
  }
  if ('CreateSchemaStmt' in stmt) return stmt.CreateSchemaStmt.schemaname;
  return undefined;
}

/** true / false when the statement sets or clears lock_timeout; undefined when it does not touch it. */
function lockTimeoutChange(stmt: Node): boolean | undefined {
  if ('VariableSetStmt' in stmt) return variableSetLockTimeout(stmt.VariableSetStmt);
  if (!('SelectStmt' in stmt)) return undefined;
  // SELECT set_config('lock_timeout', '5s', true): what Sequelize users write when they cannot send SET.
  for (const target of stmt.SelectStmt.targetList ?? []) {
    const value = 'ResTarget' in target ? target.ResTarget.val : undefined;
    if (!value || !('FuncCall' in value) || lastName(value.FuncCall.funcname) !== 'set_config') continue;
    const [name, setting] = (value.FuncCall.args ?? []).map(constantText);
    if (name === 'lock_timeout') return !isZero(setting);
  }
  return undefined;
}

function variableSetLockTimeout(set: VariableSetStmt): boolean | undefined {
  if (set.kind === 'VAR_RESET_ALL') return false;
  if (set.name !== 'lock_timeout') return undefined;
  if (set.kind !== 'VAR_SET_VALUE') return false;
  return !isZero(constantText(set.args?.[0]));
}

function constantText(node: Node | undefined): string | undefined {
  if (!node || !('A_Const' in node)) return undefined;
  const constant = node.A_Const;
  if (constant.sval) return constant.sval.sval ?? '';
  if (constant.ival) return String(constant.ival.ival ?? 0);
  return undefined;
}

function isZero(setting: string | undefined): boolean {
  return setting === undefined || /^\s*0+\s*(ms|s|min)?\s*$/i.test(setting);
}
