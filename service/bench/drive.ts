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
      rps: Math.round(result.requests.total / options.durationSeconds),
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
