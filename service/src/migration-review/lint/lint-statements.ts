import { PlanState } from './plan-state';
import { parseStatements } from './parse-sql';
import { RULES } from './rules/registry';
import type { Finding, LintContext, PlannedStatement, Rule } from './types';

function toFinding(rule: Rule, migration: string, statement: string, context: LintContext): Finding {
  const acceptedReason = context.accepted[migration]?.[rule.id];
  const base = { migration, statement, ruleId: rule.id, why: rule.why, safeAlternative: rule.safeAlternative };
  return acceptedReason ? { ...base, severity: 'accepted', acceptedReason } : { ...base, severity: 'error' };
}

/**
 * Lints a migration plan in order. Pure: it reads no files and no database, so the same engine
 * serves `migrate lint`, the plan on a restored backup, and tests. Rejects with SqlParseError
 * when a statement is not valid Postgres SQL.
 */
export async function lintStatements(statements: readonly PlannedStatement[], context: LintContext): Promise<Finding[]> {
  const plan = new PlanState(context.createdInThisPlan, context.notNullColumns);
  const reportedOnce = new Set<string>();
  const findings: Finding[] = [];
  for (const planned of statements) {
    for (const { node, text } of await parseStatements(planned.migration, planned.sql)) {
      const scope = plan.scopeFor(planned, context.runnerTimeoutsEnabled);
      for (const rule of RULES) {
        const onceKey = `${planned.migration}\u0000${rule.id}`;
        if (rule.oncePerMigration && reportedOnce.has(onceKey)) continue;
        if (!rule.matches(node, scope)) continue;
        if (rule.oncePerMigration) reportedOnce.add(onceKey);
        findings.push(toFinding(rule, planned.migration, text, context));
      }
      plan.record(planned.migration, node);
    }
  }
  return findings;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
