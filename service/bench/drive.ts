import autocannon from 'autocannon';
import type { RunningServer } from './bench-servers';

export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly peakRssMb?: number;
}

export interface DriveOptions {
  readonly connections: number;
  readonly durationSeconds: number;
  /** Requests per second across all connections; unset drives as fast as the server answers. */
  readonly overallRate?: number;
}

/**
 * One autocannon run (no pipelining: one request per connection at a time, like real clients),
 * sampling the server's RSS every half second for the peak.
 */
export async function drive(server: RunningServer, requests: autocannon.Request[], options: DriveOptions): Promise<Measurement> {
  let peak = server.rssMb();
  const sampler = setInterval(() => {
    const now = server.rssMb();
    if (now !== undefined) peak = Math.max(peak ?? 0, now);
  }, 500);
  try {
    const result = await autocannon({
      url: server.url,
      connections: options.connections,
      duration: options.durationSeconds,
      pipelining: 1,
      requests,
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    });
    return {
      rps: Math.round(result.requests.total / (result.duration || options.durationSeconds)),
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      peakRssMb: peak,
    };
  } finally {
    clearInterval(sampler);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Medians of rps and latencies over the rounds (robust to one disturbed round); counts summed. */
export function medianOfRounds<K extends string>(rounds: Record<K, Measurement[]>): Partial<Record<K, Measurement>> {
  const out: Partial<Record<K, Measurement>> = {};
  for (const [name, runs] of Object.entries(rounds) as Array<[K, Measurement[]]>) {
    if (runs.length === 0) continue;
    const sum = (pick: (m: Measurement) => number) => runs.reduce((total, run) => total + pick(run), 0);
    out[name] = {
      rps: Math.round(median(runs.map((r) => r.rps))),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      requests: sum((r) => r.requests),
      errors: sum((r) => r.errors),
      timeouts: sum((r) => r.timeouts),
      non2xx: sum((r) => r.non2xx),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? 0)) || undefined,
    };
  }
  return out;
}
