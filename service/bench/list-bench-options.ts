import path from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm run bench:list -- [--rows 1000,1000000] [--duration 10] [--connections 8]
                              [--entry dist/service/src/server.js ...] [--node PATH] [--json]
                                                              (make bench-list ARGS="...")

Measures GET /api/v1/items (limit 20) at random positions of a table of each size: creates a
throwaway database on BENCH_DATABASE_URL (or DATABASE_URL; the user must be allowed to create
databases), migrates it, seeds it with service/dev/seed-items.ts, starts each --entry (compiled
server; default this checkout's build, so run make build first) and loads it with --connections
keep-alive clients for --duration seconds after a 2 s warm-up. Pages are reached by cursor, or by
offset when the server predates cursors (to compare builds). Prints rps, p50 and p99 per size and
the p99 ratio of the largest to the smallest size. Servers run on --node (or BENCH_NODE; default
this Node; the project's figures come from Node 24: --node "$(npx -y node@24 -p process.execPath)").`;

export interface Options {
  adminUrl: string;
  rows: number[];
  durationMs: number;
  connections: number;
  entries: string[];
  node: string;
}

/** The options, or the help text when --help was asked for. */
export function parseListBenchOptions(argv: string[]): (Options & { json: boolean }) | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000,1000000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      entry: { type: 'string', multiple: true },
      node: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return HELP;
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set BENCH_DATABASE_URL (or DATABASE_URL) to a Postgres server where this user may create databases');
  const rows = values.rows.split(',').map((raw) => Number(raw.replace(/_/g, '')));
  const numbers = [...rows, Number(values.duration), Number(values.connections)];
  if (numbers.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--rows, --duration and --connections take whole numbers of at least 1');
  const entries = (values.entry ?? ['dist/service/src/server.js']).map((entry) => path.resolve(entry));
  const node = values.node ?? process.env.BENCH_NODE ?? process.execPath;
  return {
    adminUrl,
    rows,
    durationMs: Number(values.duration) * 1000,
    connections: Number(values.connections),
    entries,
    node,
    json: values.json,
  };
}
