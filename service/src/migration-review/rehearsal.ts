import type { Finding } from './lint';
import { QueryTypes } from 'sequelize';
import { OWN_LOCKS_SQL, startLockSampler, type RelationLock } from './lock-sampler';
import type { ProgressEvent } from '../migrator/execution';
import { withPlannedDatabase, type Plan, type PlanOptions } from './plan';
import { lintPlan } from './lint-plan';
import { createMigrator } from '../migrator/migrator';

export interface RehearsedMigration {
  readonly name: string;
  readonly durationMs: number;
  /** Relations locked while it ran, strongest mode each, as sampled from pg_locks. */
  readonly locks: RelationLock[];
  /** What its statements are (ALTER TABLE, CREATE INDEX CONCURRENTLY, UPDATE, ...), from the plan. */
  readonly statementKinds: string[];
}

export interface Rehearsal {
  readonly plan: Plan;
  readonly findings: Finding[];
  readonly lintPassed: boolean;
  /** Empty when lint failed: nothing is applied then. */
  readonly migrations: RehearsedMigration[];
}

const WITH_OBJECT = /^(create|alter|drop)$/i;

/** `ALTER TABLE`, `CREATE INDEX CONCURRENTLY`, `UPDATE`: enough to tell which lock a statement asks for. */
export function statementKind(sql: string): string {
  const words = sql
    .trim()
    .split(/\s+/)
    .slice(0, 4)
    .map((word) => word.toUpperCase());
  const first = words[0] ?? '';
  if (!WITH_OBJECT.test(first)) return first.replace(/[^A-Z]/g, '');
  const object = words[1] === 'UNIQUE' ? 'UNIQUE INDEX' : (words[1] ?? '');
  return `${first} ${object}${/\bconcurrently\b/i.test(sql) ? ' CONCURRENTLY' : ''}`;
}

async function applyWithLockSampling(url: string, options: PlanOptions, plan: Plan): Promise<RehearsedMigration[]> {
  const sampler = await startLockSampler(url);
  const report = (event: ProgressEvent) => {
    if (event.type === 'start') sampler.track(event.name);
    if (event.type === 'done') sampler.track(undefined);
    if (event.type !== 'notice') options.progress?.(`${event.type === 'start' ? 'applying' : event.type} ${event.name}`);
  };
  const migrator = createMigrator({
    databaseUrl: url,
    migrationsDir: options.migrationsDir,
    sourcesDir: options.sourcesDir,
    settings: options.settings,
    report,
    // A transaction keeps every lock it took until it commits: read them all, exactly, at that moment.
    beforeCommit: async (name, sequelize) =>
      sampler.add(name, await sequelize.query<RelationLock>(OWN_LOCKS_SQL, { type: QueryTypes.SELECT })),
  });
  let results;
  let locks = new Map<string, RelationLock[]>();
  try {
    results = await migrator.up();
  } finally {
    await migrator.close();
    locks = await sampler.stop();
  }
  const kindsOf = new Map(plan.migrations.map((m) => [m.name, [...new Set(m.statements.map(statementKind))]]));
  return results.map(({ name, durationMs }) => ({
    name,
    durationMs,
    locks: locks.get(name) ?? [],
    statementKinds: kindsOf.get(name) ?? [],
  }));
}

/**
 * The deploy's dress rehearsal: restore the backup into a throwaway database, plan, lint, and,
 * when lint passes, apply the pending migrations there for real, timing each and sampling its locks.
 */
export async function rehearse(options: PlanOptions & { fromBackup: string }): Promise<Rehearsal> {
  return withPlannedDatabase(options, async (url, plan) => {
    const { findings, passed } = await lintPlan(plan, options.settings);
    if (!passed) return { plan, findings, lintPassed: false, migrations: [] };
    options.progress?.(`lint passed; applying ${plan.migrations.length} migration(s) to the throwaway copy ...`);
    return { plan, findings, lintPassed: true, migrations: await applyWithLockSampling(url, options, plan) };
  });
}
