import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly seed: number;
  readonly only?: readonly string[];
  readonly fixedRate: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

export const BENCH_HELP = `Usage: npm run bench -- [options]      (make bench ARGS="...")

Starts the compiled service (production mode) and a plain node:http + pg.Pool baseline on Node 24,
against one throwaway, seeded database (BENCH_DATABASE_URL or DATABASE_URL's server, else an
embedded Postgres), drives both with autocannon through each scenario and prints both servers'
rps, p50, p99, errors and the ratios. Writes service/bench/results.json.

  --rounds N        alternating rounds per scenario and server (BENCH_ROUNDS, default 3)
  --duration S      seconds per round (BENCH_DURATION, default 3)
  --warmup S        seconds of warm-up before each measurement (BENCH_WARMUP, default 2)
  --connections N   concurrent connections (BENCH_CONNECTIONS, default 50)
  --seed N          items seeded before the run (default 10000)
  --only A,B        run only these scenarios (get-by-id, list-first, list-cursor, create, update, mix-80-15-5)
  --no-fixed-rate   skip the run at half the baseline's maximum rate
  --json            print the results as JSON instead of the table
  -h, --help        this text

BENCH_NODE=/path/to/node uses that Node 24 binary instead of the pinned one from the npm registry.
BENCH_SERVICE_ENTRY=path/to/dist/service/src/server.js measures another build of the service.
BENCH_CPU_PROF=DIR writes a --cpu-prof profile of each server into DIR.`;

function whole(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1 (got ${raw})`);
  return value;
}

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      'no-fixed-rate': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    rounds: whole(values.rounds ?? env.BENCH_ROUNDS, 3, '--rounds'),
    durationSeconds: whole(values.duration ?? env.BENCH_DURATION, 3, '--duration'),
    warmupSeconds: whole(values.warmup ?? env.BENCH_WARMUP, 2, '--warmup'),
    connections: whole(values.connections ?? env.BENCH_CONNECTIONS, 50, '--connections'),
    seed: whole(values.seed, 10_000, '--seed'),
    only: values.only?.split(',').map((name) => name.trim()),
    fixedRate: !values['no-fixed-rate'],
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
