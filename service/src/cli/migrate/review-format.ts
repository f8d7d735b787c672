import path from 'node:path';
import { formatFindings, type Finding } from '../../migration-review/lint';
import type { PlannedMigration } from '../../migration-review/statement-recorder';
import type { Plan } from '../../migration-review/plan';
import type { Rehearsal } from '../../migration-review/rehearsal';

function withSemicolon(sql: string): string {
  return /;\s*$/.test(sql) ? sql : `${sql};`;
}

function migrationHeader(migration: PlannedMigration): string {
  if (migration.inTransaction) return `-- ${migration.name} (one transaction with its history row)`;
  return (
    `-- ${migration.name} runs outside a transaction (useTransaction = false): each statement commits on its own.\n` +
    '-- In the plan its reads and batched updates ran inside the rolled-back transaction; the rest was recorded, not executed.'
  );
}

function statementLine(migration: PlannedMigration, sql: string): string {
  const skipped = migration.notExecuted.includes(sql) ? '-- not executed in the plan (cannot run in a transaction):\n' : '';
  return `${skipped}${withSemicolon(sql)}`;
}

/** The plan as a SQL script a reviewer reads: one block per migration, in the order `up` runs them. */
export function formatPlanSql(plan: Plan): string {
  const basis = plan.basis === 'backup' ? 'a restored copy of the backup' : "a throwaway copy of the target's schema";
  const head = `-- migrate plan: ${plan.migrations.length} pending migration(s), captured on ${basis} in a transaction that was rolled back.`;
  if (plan.migrations.length === 0) return `${head}\n-- Nothing to apply: the database is up to date.`;
  const note =
    plan.basis === 'target'
      ? "\n-- The copy has the target's schema, not its rows: statements that depend on data (backfill batches) show as for\n" +
        '-- empty tables. For those, plan on a restored backup: --from-backup FILE.'
      : '';
  const blocks = plan.migrations.map((migration) => {
    const body = migration.statements.length
      ? migration.statements.map((sql) => statementLine(migration, sql)).join('\n')
      : '-- (no statements)';
    return `${migrationHeader(migration)}\n${body}`;
  });
  return [`${head}${note}`, ...blocks].join('\n\n');
}

export function planData(plan: Plan): Record<string, unknown> {
  const migrations = plan.migrations.map(({ name, inTransaction, statements, notExecuted }) => ({
    name,
    inTransaction,
    statements,
    notExecuted,
  }));
  return { basis: plan.basis, applied: plan.applied, migrations };
}

function fileOf(plan: Plan): (migration: string) => string {
  const sources = new Map(plan.migrations.map((m) => [m.name, path.relative(process.cwd(), m.sourcePath)]));
  return (migration) => sources.get(migration) ?? migration;
}

export function formatLint(plan: Plan, findings: Finding[], json: boolean): string {
  const text = formatFindings(findings, { json, fileOf: fileOf(plan) });
  return json ? text : `Linted ${plan.migrations.length} pending migration(s).\n\n${text}`;
}

export function lintData(plan: Plan, findings: Finding[]): Record<string, unknown> {
  return JSON.parse(formatFindings(findings, { json: true, fileOf: fileOf(plan) })) as Record<string, unknown>;
}

export function formatRehearsal(rehearsal: Rehearsal): string {
  const lint = formatLint(rehearsal.plan, rehearsal.findings, false);
  if (!rehearsal.lintPassed) return `${lint}\n\nRehearsal stopped: lint found errors, nothing was applied.`;
  const lines = rehearsal.migrations.map((m) => {
    const locks = m.locks.length ? m.locks.map((lock) => `${lock.relation} ${lock.mode}`).join(', ') : 'none sampled';
    return `${m.name}  ${m.durationMs} ms\n  statements: ${m.statementKinds.join(', ') || 'none'}\n  locks:      ${locks}`;
  });
  const summary = `Rehearsal passed: ${rehearsal.migrations.length} migration(s) applied to a restored copy of the backup.`;
  return [lint, ...lines, summary].join('\n\n');
}
