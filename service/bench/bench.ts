/* eslint-disable no-console -- a terminal program: progress on stderr, the table on stdout */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareBenchDatabase } from './bench-database';
import { BENCH_HELP, parseBenchOptions, type BenchOptions } from './bench-options';
import { checkTargets, formatTable, type BenchResults, type ScenarioResult } from './bench-report';
import type autocannon from 'autocannon';
import { startServer, type RunningServer, type ServerName } from './bench-servers';
import { drive, medianOfRounds, type Measurement } from './drive';
import { REPOSITORY_ROOT } from './node-runtime';
import { onNode24 } from './reexec';
import { buildScenarios, secondPagePath, type Scenario } from './scenarios';
import { assertSameJson, withMetricsScraping } from './bench-checks';

const RESULTS_FILE = path.join(REPOSITORY_ROOT, 'service', 'bench', 'results.json');
const log = (line: string) => console.error(`[bench] ${line}`);
const POOL_MAX = '10';

async function runScenario(servers: RunningServer[], scenario: Scenario, options: BenchOptions, rate?: number): Promise<ScenarioResult> {
  const name = rate ? `${scenario.name} @${rate}/s` : scenario.name;
  const rounds: Record<ServerName, Measurement[]> = { baseline: [], service: [] };
  try {
    const requests = new Map<RunningServer, autocannon.Request[]>();
    for (const server of servers) {
      requests.set(server, await scenario.requests(server.url));
      await drive(server, requests.get(server) ?? [], { connections: options.connections, durationSeconds: options.warmupSeconds });
    }
    log(`${name}: ${options.rounds} rounds of ${options.durationSeconds} s per server, alternating`);
    // Alternating short rounds, so a burst of load from elsewhere on the machine hits both servers.
    for (let round = 0; round < options.rounds; round += 1) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const drove = { connections: options.connections, durationSeconds: options.durationSeconds, overallRate: rate };
        rounds[server.name].push(await drive(server, requests.get(server) ?? [], drove));
      }
    }
  } catch (error) {
    return { scenario: name, description: scenario.description, failed: (error as Error).message };
  }
  return { scenario: name, description: scenario.description, ...medianOfRounds(rounds) };
}

async function runAll(servers: RunningServer[], options: BenchOptions): Promise<ScenarioResult[]> {
  const scenarios = buildScenarios(options.seed).filter((s) => !options.only || options.only.includes(s.name));
  const rows: ScenarioResult[] = [];
  for (const scenario of scenarios) rows.push(await runScenario(servers, scenario, options));
  const byId = scenarios.find((s) => s.name === 'get-by-id');
  const service = servers.find((s) => s.name === 'service');
  if (byId && service) {
    log('get-by-id on the service while /metrics is scraped 10 times a second');
    const scraped = await withMetricsScraping(service.url, () => runScenario([service], byId, options));
    rows.push({ ...scraped, scenario: 'get-by-id + /metrics scrape', description: '/metrics scraped every 100 ms' });
  }
  const baselineMax = rows.find((r) => r.scenario === 'get-by-id')?.baseline?.rps;
  if (options.fixedRate && byId && baselineMax) rows.push(await runScenario(servers, byId, options, Math.round(baselineMax / 2)));
  return rows;
}

function machine(): string {
  const cpus = os.cpus();
  return `${os.platform()} ${os.arch()}, ${cpus.length} x ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, load ${os.loadavg()[0]?.toFixed(1)}`;
}

async function bench(options: BenchOptions): Promise<BenchResults> {
  log(`Node ${process.version} (${process.execPath})`);
  const started = new Date().toISOString();
  const db = await prepareBenchDatabase(options.seed, log);
  const servers: RunningServer[] = [];
  try {
    const env = { DATABASE_URL: db.url, DB_POOL_MAX: POOL_MAX };
    for (const name of ['baseline', 'service'] as const)
      servers.push(await startServer(name, { path: process.execPath, version: process.version }, env));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRssMb = { baseline: servers[0]?.rssMb(), service: servers[1]?.rssMb() };
    await assertSameJson(servers, ['/api/v1/items/1', '/api/v1/items?limit=20'], secondPagePath, log);
    const scenarios = await runAll(servers, options);
    const opts = {
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      seed: options.seed,
      poolMax: Number(POOL_MAX),
    };
    return {
      node: process.version,
      machine: machine(),
      startedAt: started,
      options: opts,
      idleRssMb,
      scenarios,
      targets: checkTargets(scenarios, idleRssMb.service),
    };
  } finally {
    for (const server of servers) await server.stop();
    await db.drop();
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${BENCH_HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(BENCH_HELP);
    return 0;
  }
  const reexecuted = await onNode24(__filename, log);
  if (reexecuted !== undefined) return reexecuted;
  const results = await bench(options);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(options.json ? JSON.stringify(results, null, 2) : formatTable(results));
  log(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
