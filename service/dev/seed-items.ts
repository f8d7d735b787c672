import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { toCliError } from '../src/cli/shared/output';
import { assertNotProduction } from '../src/cli/shared/production-check';
import { loadEnvFile } from '../src/env-file';
import { CliError, describeExitCodes, EXIT_CODES } from '../src/exit-codes';
import { describeDatabase, redactConnectionString } from '../src/redact';
import { INSERT_BATCH } from './seed-items.sql';

const HELP = `Usage: npm run seed:items -- [--count N] [--batch N] [--yes]      (make db-seed COUNT=N ARGS=--yes)

Inserts N generated rows into the items table of DATABASE_URL (default 1,000,000), in batches
of --batch rows (default 100,000), each batch one INSERT ... SELECT over generate_series, with a
progress line per batch. The table must exist (make migrate). For measuring backups, not for tests.
Refuses (exit 4) a database that looks like production (on another machine, NODE_ENV=production, or
"prod" in its name) unless --yes. DATABASE_URL comes from the shell, else .env.

${describeExitCodes(['ok', 'failed', 'usage', 'refused', 'database'])}`;

function positiveInteger(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1)
    throw new CliError(`--${name} must be a whole number of at least 1 (got ${raw})`, EXIT_CODES.usage);
  return value;
}

async function seed(url: string, count: number, batch: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (let first = 1; first <= count; first += batch) {
      const last = Math.min(first + batch - 1, count);
      await client.query(INSERT_BATCH, [first, last]);
      process.stderr.write(`  ${last.toLocaleString('en')} / ${count.toLocaleString('en')} items\n`);
    }
    await client.query('ANALYZE items');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`inserted ${count.toLocaleString('en')} items into ${describeDatabase(url)} in ${seconds} s\n`);
  } finally {
    await client.end();
  }
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { count: { type: 'string' }, batch: { type: 'string' }, yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return EXIT_CODES.usage;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`DATABASE_URL is not set; give the database to fill, e.g. postgres://user:password@host:5432/db.\n`);
    return EXIT_CODES.database;
  }
  try {
    assertNotProduction({ url, action: 'insert generated items into', yes: values.yes === true });
    process.stdout.write(`database ${describeDatabase(url)}\n`);
    await seed(url, positiveInteger(values.count, 1_000_000, 'count'), positiveInteger(values.batch, 100_000, 'batch'));
    return 0;
  } catch (error) {
    const failure = toCliError(error);
    process.stderr.write(`seed-items failed: ${redactConnectionString(failure.message)}\n`);
    return failure.exitCode;
  }
}

loadEnvFile();
void main(process.argv.slice(2)).then((code) => process.exit(code));
