import type { Measurement } from './drive';

export interface ScenarioResult {
  readonly scenario: string;
  readonly description: string;
  readonly service?: Measurement;
  readonly baseline?: Measurement;
  readonly failed?: string;
}

export interface BenchResults {
  readonly node: string;
  readonly machine: string;
  readonly startedAt: string;
  readonly options: Record<string, number | boolean>;
  readonly idleRssMb: { service?: number; baseline?: number };
  readonly scenarios: ScenarioResult[];
  readonly targets: TargetCheck[];
}

export interface TargetCheck {
  readonly what: string;
  readonly target: string;
  readonly actual: string;
  readonly met: boolean;
}

const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : undefined);
const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '-' : n.toFixed(digits));

/** The targets of docs/performance.md, checked against this run (reported, never asserted by tests). */
export function checkTargets(scenarios: ScenarioResult[], idle: number | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const minimums: Record<string, number> = { 'get-by-id': 0.5, 'list-first': 0.6, 'list-cursor': 0.6, create: 0.6 };
  let peak = 0;
  for (const row of scenarios) {
    peak = Math.max(peak, row.service?.peakRssMb ?? 0);
    const throughput = ratio(row.service?.rps, row.baseline?.rps);
    const minimum = minimums[row.scenario];
    if (minimum !== undefined && !row.scenario.includes('@')) {
      checks.push({
        what: `${row.scenario} throughput ratio`,
        target: `>= ${minimum}`,
        actual: fixed(throughput),
        met: (throughput ?? 0) >= minimum,
      });
    }
    const latency = ratio(row.service?.p99, row.baseline?.p99);
    if (latency !== undefined)
      checks.push({ what: `${row.scenario} p99 ratio`, target: '<= 2', actual: fixed(latency), met: latency <= 2 });
  }
  checks.push({ what: 'service idle RSS (MB)', target: '< 120', actual: String(idle ?? '-'), met: idle !== undefined && idle < 120 });
  checks.push({ what: 'service peak RSS under load (MB)', target: '< 256', actual: String(peak || '-'), met: peak > 0 && peak < 256 });
  return checks;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

/** The table a person reads: both servers side by side, ratios service/baseline. */
export function formatTable(results: BenchResults): string {
  const header = [
    'scenario',
    'svc rps',
    'base rps',
    'ratio',
    'svc p50',
    'svc p99',
    'base p50',
    'base p99',
    'p99 x',
    'svc err/non2xx',
    'base err/non2xx',
  ];
  const rows = results.scenarios.map((row) => {
    if (row.failed) return [row.scenario, `failed: ${row.failed}`];
    const { service: s, baseline: b } = row;
    const errs = (m?: Measurement) => (m ? `${m.errors + m.timeouts}/${m.non2xx}` : '-');
    return [
      row.scenario,
      String(s?.rps ?? '-'),
      String(b?.rps ?? '-'),
      fixed(ratio(s?.rps, b?.rps)),
      fixed(s?.p50, 0),
      fixed(s?.p99, 0),
      fixed(b?.p50, 0),
      fixed(b?.p99, 0),
      fixed(ratio(s?.p99, b?.p99)),
      errs(s),
      errs(b),
    ];
  });
  const measured = [header, ...rows.filter((r) => r.length > 2)];
  const widths = header.map((_, i) => Math.max(...measured.map((r) => (r[i] ?? '').length)));
  const lines = [pad(header, widths), ...rows.map((r) => (r.length === 2 ? r.join('  ') : pad(r, widths)))];
  const targets = results.targets.map((t) => `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.what}: ${t.actual} (target ${t.target})`);
  return [
    `Node ${results.node} on ${results.machine}; latencies in ms`,
    ...lines,
    `idle RSS (MB): service ${results.idleRssMb.service ?? '-'}, baseline ${results.idleRssMb.baseline ?? '-'}`,
    'targets:',
    ...targets,
  ].join('\n');
}
