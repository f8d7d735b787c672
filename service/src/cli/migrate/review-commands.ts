import { writeFileSync } from 'node:fs';
import { EXIT_CODES, UsageError } from '../../migrator/errors';
import { buildPlan, type PlanOptions } from '../../migration-review/plan';
import { lintPlan } from '../../migration-review/lint-plan';
import { rehearse } from '../../migration-review/rehearsal';
import { urlFromArgument } from '../../backup/connection';
import type { ExitCodeName } from '../../exit-codes';
import { describeDatabase } from '../../redact';
import type { Command, CommandInput } from './command';
import { formatLint, formatPlanSql, formatRehearsal, lintData, planData } from './review-format';

const REVIEWS: readonly ExitCodeName[] = ['ok', 'failed', 'usage', 'refused', 'database', 'badBackup', 'missingTool'];
const PLAN_USAGE = '[--against URL | --from-backup FILE]';
const WHERE =
  'It never runs anything on the target: it works on a throwaway database on the same server, either brought to the\n' +
  "target's applied migrations (default; --against URL or the name of a variable holding it, else DATABASE_URL) or\n" +
  'restored from --from-backup FILE (a backup with its manifest, checked first). The throwaway is always dropped.';

function planOptions(input: CommandInput): PlanOptions {
  const { against, 'from-backup': fromBackup } = input.values as Record<string, string | undefined>;
  if (against !== undefined && fromBackup !== undefined) throw new UsageError('Give --against or --from-backup, not both.');
  const base = input.options();
  const targetUrl = against === undefined ? base.databaseUrl : urlFromArgument(against, input.env).raw;
  if (!targetUrl) throw new UsageError(`--against ${against}: no such variable is set; give a postgres:// URL or a variable name.`);
  return { targetUrl, fromBackup, migrationsDir: base.migrationsDir, settings: base.settings, progress: input.progress };
}

const plan: Command = {
  usage: `plan ${PLAN_USAGE} [--out plan.sql]`,
  summary: 'print the exact SQL the pending migrations will send, captured on a throwaway database',
  help:
    'Runs each pending migration in one transaction that is rolled back, recording every statement it sends.\n' +
    'Migrations with useTransaction = false are shown, not executed: their statements are recorded and only their\n' +
    `reads are sent. --out FILE also writes the SQL to FILE.\n${WHERE}`,
  options: ['against', 'from-backup', 'out'],
  exitCodes: REVIEWS,
  takesLock: true,
  stdoutIsData: true,
  run: async (input) => {
    const options = planOptions(input);
    const built = await buildPlan(options);
    const sql = `-- database ${describeDatabase(options.targetUrl)}\n${formatPlanSql(built)}`;
    const out = input.values.out;
    if (typeof out === 'string') writeFileSync(out, `${sql}\n`);
    return { human: sql, data: { ...planData(built), ...(typeof out === 'string' ? { out } : {}) } };
  },
};

const lint: Command = {
  usage: `lint ${PLAN_USAGE}`,
  summary: 'check the planned SQL against the migration lint rules; exit 1 on an unaccepted finding',
  help:
    'Builds the plan (as `plan` does) and parses every statement with the Postgres parser. Each finding names the\n' +
    'migration, the statement, the rule, why it is dangerous and the safe alternative. A finding is an error unless\n' +
    "the migration accepts it: export const accept = { 'drop-column': 'why it is safe here' }. Exit 1 on errors;\n" +
    `--json gives one annotation per finding for CI. Rules: docs/migration-review.md.\n${WHERE}`,
  options: ['against', 'from-backup'],
  exitCodes: REVIEWS,
  takesLock: true,
  run: async (input) => {
    const built = await buildPlan(planOptions(input));
    const { findings, passed } = await lintPlan(built, input.options().settings);
    const exitCode = passed ? EXIT_CODES.ok : EXIT_CODES.migrationFailed;
    return { human: formatLint(built, findings, false), data: lintData(built, findings), exitCode };
  },
};

const rehearseCommand: Command = {
  usage: 'rehearse --from-backup FILE',
  summary: 'restore a backup into a throwaway database, plan, lint, then apply there and report durations and locks',
  help:
    'What the deploy runs before it touches production. Restores FILE into a throwaway database on the server of\n' +
    'DATABASE_URL, plans and lints the pending migrations (lint errors stop it, exit 1), then applies them there\n' +
    'with the real runner, sampling pg_locks every 50 ms: per migration, its duration, the relations it locked\n' +
    '(strongest mode seen) and the kinds of statements it sent. Exit 1 when lint or a migration fails.',
  options: ['from-backup'],
  exitCodes: REVIEWS,
  takesLock: true,
  run: async (input) => {
    const fromBackup = input.values['from-backup'];
    if (typeof fromBackup !== 'string' || fromBackup === '') throw new UsageError('--from-backup FILE is required.');
    const rehearsal = await rehearse({ ...planOptions(input), fromBackup });
    const exitCode = rehearsal.lintPassed ? EXIT_CODES.ok : EXIT_CODES.migrationFailed;
    const data = { lint: lintData(rehearsal.plan, rehearsal.findings), lintPassed: rehearsal.lintPassed, migrations: rehearsal.migrations };
    return { human: formatRehearsal(rehearsal), data, exitCode };
  },
};

export const REVIEW_COMMANDS: Record<string, Command> = { plan, lint, rehearse: rehearseCommand };
