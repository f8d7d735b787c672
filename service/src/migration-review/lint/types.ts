import type { Node, RangeVar } from 'libpg-query';
import type { RuleId } from './rule-ids';

/** One step of a migration plan: the SQL a migration will send, and whether the runner wraps it in a transaction. */
export interface PlannedStatement {
  readonly migration: string;
  readonly sql: string;
  readonly inTransaction: boolean;
}

/** Reviewed markers of one migration: rule id -> why the finding is acceptable. */
export type AcceptedFindings = Readonly<Partial<Record<RuleId, string>>>;

export interface LintContext {
  /** Tables (bare or schema-qualified), indexes and schemas that exist only because of this plan. */
  readonly createdInThisPlan: ReadonlySet<string>;
  /** True when the runner sets lock_timeout / statement_timeout itself. */
  readonly runnerTimeoutsEnabled: boolean;
  /** Per migration name, the findings its author accepted. */
  readonly accepted: Readonly<Record<string, AcceptedFindings>>;
  /** Columns already NOT NULL where the plan starts, as `table.column` (schema-qualified outside public). */
  readonly notNullColumns?: ReadonlySet<string>;
}

export interface Finding {
  readonly migration: string;
  readonly statement: string;
  readonly ruleId: RuleId;
  readonly severity: 'error' | 'accepted';
  readonly why: string;
  readonly safeAlternative: string;
  readonly acceptedReason?: string;
}

/** What a rule may know about the statement it looks at. */
export interface RuleScope {
  readonly inTransaction: boolean;
  readonly runnerTimeoutsEnabled: boolean;
  /** lock_timeout was set (to a non-zero value) earlier in the same migration. */
  readonly lockTimeoutSet: boolean;
  /** False for a table, index or schema created earlier in this plan: nobody else can be using it yet. */
  existed(relation: RangeVar | string | undefined): boolean;
  /** The column is NOT NULL already (before the plan, or made so earlier in it): SET NOT NULL has nothing to scan. */
  isNotNull(relation: RangeVar | undefined, column: string | undefined): boolean;
}

export interface Rule {
  readonly id: RuleId;
  readonly why: string;
  readonly safeAlternative: string;
  /** Report at most once per migration (for rules about the migration as a whole). */
  readonly oncePerMigration?: boolean;
  matches(stmt: Node, scope: RuleScope): boolean;
}
