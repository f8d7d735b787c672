import { IntegrityError, UsageError } from '../../migrator/errors';
import type { ExitCodeName } from '../../exit-codes';
import type { Command, CommandInput } from './command';
import { assertNotProduction } from '../shared/production-check';
import { createMigrationFile } from '../../migrator/template';
import { formatStatus, formatResults } from './format';
import { REVIEW_COMMANDS } from './review-commands';

const RUNS: readonly ExitCodeName[] = ['ok', 'failed', 'usage', 'lockTimeout', 'refused', 'database'];

function required(input: CommandInput, option: string): string {
  const value = input.values[option];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${option} NAME is required.`);
  return value;
}

function stepCount(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d*$/.test(raw)) throw new UsageError('--step must be a whole number of 1 or more.');
  return Number(raw);
}

/** One entry per command; plan, lint and rehearse come from review-commands.ts. */
export const COMMANDS: Record<string, Command> = {
  up: {
    usage: 'up [--to NAME] [--allow-out-of-order] [--backup-id ID]',
    summary: 'apply pending migrations in order, each in one transaction with its history row',
    help: 'Applies every pending migration, or those up to and including --to NAME. Refuses (exit 4) when an applied\nmigration was edited or deleted, or a pending one sorts before the last applied one (unless --allow-out-of-order).',
    options: ['to', 'allow-out-of-order', 'backup-id'],
    exitCodes: RUNS,
    takesLock: true,
    run: async (input) => {
      const to = input.values.to as string | undefined;
      const applied = await input.migrator().up({ to, allowOutOfOrder: input.values['allow-out-of-order'] === true });
      return { human: formatResults('applied', applied), data: { applied } };
    },
  },
  down: {
    usage: 'down [--to NAME | --step N]',
    summary: 'revert the last applied migration, the last N, or down to and including NAME (--to 0: all)',
    help: 'Runs down() of applied migrations, newest first, each in one transaction with its history row.\nA migration without down() stops here: restore from the backup taken before it ran.',
    options: ['to', 'step'],
    exitCodes: RUNS,
    takesLock: true,
    run: async (input) => {
      const to = input.values.to === '0' ? 0 : (input.values.to as string | undefined);
      const step = stepCount(input.values.step);
      if (to !== undefined && step !== undefined) throw new UsageError('Give --to or --step, not both.');
      const reverted = await input.migrator().down({ to, step });
      return { human: formatResults('reverted', reverted), data: { reverted } };
    },
  },
  status: {
    usage: 'status',
    summary: 'list applied and pending migrations with their checks; read-only, takes no lock',
    help: 'One line per migration: state, when it was applied, and whether its checksum still matches.',
    options: [],
    exitCodes: ['ok', 'usage', 'database'],
    run: async (input) => {
      const status = await input.migrator().status();
      return { human: formatStatus(status), data: { ...status } };
    },
  },
  create: {
    usage: 'create NAME',
    summary: 'write migrations/<UTC timestamp>-<name>.ts from the template',
    help: 'NAME becomes kebab-case: `create AddSkuToItems` writes migrations/20260101120000-add-sku-to-items.ts.',
    options: [],
    exitCodes: ['ok', 'usage'],
    usesDatabase: false,
    positionals: 1,
    run: async (input) => {
      const [name] = input.args;
      if (!name) throw new UsageError('create needs a NAME, e.g. `create add-sku-to-items`.');
      const file = createMigrationFile(input.sourcesDir, name);
      return Promise.resolve({ human: `created ${file}`, data: { file } });
    },
  },
  verify: {
    usage: 'verify [--allow-out-of-order]',
    summary: 'check applied migrations against their checksums and files; exit 4 on any problem',
    help: 'What `up` checks before it runs, without running anything and without the lock: use it as a CI gate.',
    options: ['allow-out-of-order'],
    exitCodes: ['ok', 'usage', 'refused', 'database'],
    run: async (input) => {
      const report = await input.migrator().verify({ allowOutOfOrder: input.values['allow-out-of-order'] === true });
      if (report.problems.length > 0) throw new IntegrityError(report.problems);
      const unverified = report.unverified.length
        ? ` (${report.unverified.length} applied before checksums were kept: run baseline to record them)`
        : '';
      return {
        human: `verified ${report.checksums.size} migration file(s): no problems${unverified}`,
        data: { problems: [], unverified: report.unverified },
      };
    },
  },
  repair: {
    usage: 'repair --accept NAME [--note TEXT]',
    summary: 'accept a deliberate edit (new checksum) or removal of an applied migration, audited',
    help: 'For an edited file: records its current checksum. For a deleted file: removes its SequelizeMeta row (the schema\nit made stays). Both write a `repair` row to migration_audit with who, when and --note.',
    options: ['accept', 'note'],
    exitCodes: ['ok', 'usage', 'lockTimeout', 'database'],
    takesLock: true,
    run: async (input) => {
      const result = await input.migrator().repair(required(input, 'accept'), input.values.note as string | undefined);
      return { human: `${result.name}: ${result.action}`, data: { ...result } };
    },
  },
  baseline: {
    usage: 'baseline --to NAME [--yes]',
    summary: 'mark migrations up to NAME as applied without running them (adopting an existing schema)',
    help:
      'For a database whose schema already exists (made by hand, by sequelize-cli, or restored): records\nSequelizeMeta rows and checksums for every migration up to and including NAME, audited as `baseline`.\n' +
      'Refuses (exit 4) a database without tables, and one that looks like production unless --yes.',
    options: ['to', 'yes'],
    exitCodes: ['ok', 'usage', 'lockTimeout', 'refused', 'database'],
    takesLock: true,
    run: async (input) => {
      assertNotProduction({ url: input.options().databaseUrl, action: 'baseline', yes: input.values.yes === true, env: input.env });
      const baselined = await input.migrator().baseline(required(input, 'to'));
      return { human: baselined.length ? `baselined ${baselined.join(', ')}` : 'nothing to baseline', data: { baselined } };
    },
  },
  ...REVIEW_COMMANDS,
};
