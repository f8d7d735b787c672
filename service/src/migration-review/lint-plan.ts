import { hasErrors, lintStatements, type Finding } from './lint';
import type { Plan } from './plan';
import { DEFAULT_SETTINGS, type MigrationSettings } from '../migrator/settings';

export interface PlanLint {
  readonly findings: Finding[];
  readonly passed: boolean;
}

/** Lints the planned statements, with each migration's reviewed `accept` markers. */
export async function lintPlan(plan: Plan, settings: Partial<MigrationSettings> = {}): Promise<PlanLint> {
  const statements = plan.migrations.flatMap((migration) =>
    migration.statements.map((sql) => ({ migration: migration.name, sql, inTransaction: migration.inTransaction })),
  );
  const findings = await lintStatements(statements, {
    // The plan starts from the target's state, so nothing exists only because of it yet.
    createdInThisPlan: new Set(),
    runnerTimeoutsEnabled: (settings.lockTimeoutMs ?? DEFAULT_SETTINGS.lockTimeoutMs) > 0,
    accepted: Object.fromEntries(plan.migrations.map((migration) => [migration.name, migration.accepted])),
    notNullColumns: new Set(plan.notNullColumns),
  });
  return { findings, passed: !hasErrors(findings) };
}
