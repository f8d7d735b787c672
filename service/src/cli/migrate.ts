import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createMigrator } from '../db/migrator';
import { createSequelize } from '../db/sequelize';
import { redactConnectionString } from '../redact';

const HELP = `Usage: npm run migrate -- <command> [options]

Commands:
  up              apply every pending migration in order
  down            undo the last applied migration
  status          list applied and pending migrations

Options:
  --json          machine-readable output
  -h, --help      show this help

Reads DATABASE_URL. Exit codes: 0 done, 1 a migration or the database failed, 2 bad usage.`;

type Output = (human: string, data: unknown) => void;

async function run(command: string, print: Output): Promise<void> {
  const sequelize = createSequelize({ ...loadConfig(), dbPoolMax: 1 });
  const migrator = createMigrator(sequelize);
  try {
    if (command === 'up') {
      const applied = await migrator.up();
      print(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'nothing to apply', {
        applied: applied.map((m) => m.name),
      });
    } else if (command === 'down') {
      const reverted = await migrator.down();
      print(reverted.length ? reverted.map((m) => `reverted ${m.name}`).join('\n') : 'nothing to revert', {
        reverted: reverted.map((m) => m.name),
      });
    } else {
      const [executed, pending] = await Promise.all([migrator.executed(), migrator.pending()]);
      const lines = [...executed.map((m) => `up       ${m.name}`), ...pending.map((m) => `pending  ${m.name}`)];
      print(lines.join('\n') || 'no migrations', { applied: executed.map((m) => m.name), pending: pending.map((m) => m.name) });
    }
  } finally {
    await sequelize.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!command || !['up', 'down', 'status'].includes(command) || extra.length > 0) {
    process.stderr.write(`${command ? `Unknown command: ${[command, ...extra].join(' ')}` : 'No command given.'}\n\n${HELP}\n`);
    return 2;
  }
  const json = parsed.values.json === true;
  const print: Output = (human, data) => process.stdout.write(`${json ? JSON.stringify({ command, ...(data as object) }) : human}\n`);
  try {
    await run(command, print);
    return 0;
  } catch (error) {
    process.stderr.write(`migrate ${command} failed: ${redactConnectionString((error as Error).message)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
