/* eslint-disable no-console -- a terminal program: progress on stderr, the summary on stdout */
import { parseArgs } from 'node:util';
import { prepareBenchDatabase } from './bench-database';
import { startServer } from './bench-servers';
import { drive } from './drive';
import { onNode24 } from './reexec';
import { mixedScenario } from './scenarios';

const HELP = `Usage: npm run load -- [--duration S] [--connections N] [--json]      (make load ARGS="...")

A bounded mixed-load run (80% reads, 15% creates, 5% updates) against the compiled service on
Node 24 and a throwaway seeded database (BENCH_DATABASE_URL or DATABASE_URL's server, else an
embedded Postgres). Reports requests, errors, p99 and the service's RSS at start and end, so a
leak shows. Exits 1 when any request failed or answered outside 2xx.

  --duration S      seconds of load (LOAD_DURATION, default 60)
  --connections N   concurrent connections (LOAD_CONNECTIONS, default 50)
  --json            print the summary as JSON`;

const log = (line: string) => console.error(`[load] ${line}`);

function whole(raw: string | undefined, fallback: number, name: string): number {
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1 (got ${raw})`);
  return value;
}

async function load(durationSeconds: number, connections: number): Promise<Record<string, number | string | undefined>> {
  const seed = 10_000;
  const db = await prepareBenchDatabase(seed, log);
  const service = await startServer('service', { path: process.execPath, version: process.version }, { DATABASE_URL: db.url });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssStartMb = service.rssMb();
    log(`${durationSeconds} s of mixed load with ${connections} connections; RSS at start ${rssStartMb} MB`);
    const requests = await mixedScenario(seed).requests(service.url);
    const result = await drive(service, requests, { connections, durationSeconds });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssEndMb = service.rssMb();
    const failed = result.errors + result.timeouts + result.non2xx;
    return {
      node: process.version,
      durationSeconds,
      connections,
      failed,
      ...result,
      rssStartMb,
      rssPeakMb: result.peakRssMb,
      rssEndMb,
    };
  } finally {
    await service.stop();
    await db.drop();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const duration = whole(values.duration ?? process.env.LOAD_DURATION, 60, '--duration');
  const connections = whole(values.connections ?? process.env.LOAD_CONNECTIONS, 50, '--connections');
  const reexecuted = await onNode24(__filename, log);
  if (reexecuted !== undefined) return reexecuted;
  const summary = await load(duration, connections);
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(
      `${summary.requests} requests in ${duration} s (${summary.rps}/s) on Node ${summary.node}: ${summary.failed} failed ` +
        `(errors ${summary.errors}, timeouts ${summary.timeouts}, non-2xx ${summary.non2xx}); p50 ${summary.p50} ms, p99 ${summary.p99} ms; ` +
        `RSS start ${summary.rssStartMb} MB, peak ${summary.rssPeakMb} MB, end ${summary.rssEndMb} MB`,
    );
  }
  return summary.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[load] failed: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  },
);
