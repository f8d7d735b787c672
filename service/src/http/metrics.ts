import type { RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sequelize } from 'sequelize';
import type { ReadinessCheck } from '../db/readiness';

export interface PoolStats {
  readonly max: number;
  readonly open: number;
  readonly inUse: number;
  readonly waiting: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** Times every request; labels are the route template (never an id) and the status. */
  readonly observe: RequestHandler;
}

interface SequelizePool {
  maxSize: number;
  size: number;
  using: number;
  waiting: number;
}

/** Reads the live numbers of the Sequelize pool (sequelize-pool's own counters). */
export function poolStatsOf(sequelize: Sequelize): () => PoolStats {
  const manager = sequelize.connectionManager as unknown as { pool: SequelizePool };
  return () => ({ max: manager.pool.maxSize, open: manager.pool.size, inUse: manager.pool.using, waiting: manager.pool.waiting });
}

function poolGauges(registry: Registry, poolStats: () => PoolStats): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool by state: max (configured), open, in_use.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats();
      this.set({ state: 'max' }, stats.max);
      this.set({ state: 'open' }, stats.open);
      this.set({ state: 'in_use' }, stats.inUse);
    },
  });
  new Gauge({
    name: 'db_pool_waiting_requests',
    help: 'Requests waiting for a pool connection.',
    registers: [registry],
    collect() {
      this.set(poolStats().waiting);
    },
  });
}

// A scrape never waits for the database: it reports the last readiness check, refreshed in the
// background at most every REFRESH_MS, so an exhausted pool or a dead database cannot stall it.
const READINESS_REFRESH_MS = 10_000;

function readinessGauges(registry: Registry, checkReadiness: ReadinessCheck): void {
  let checkedAt = -Infinity;
  const pending = new Gauge({
    name: 'migrations_pending',
    help: 'Migrations shipped in this build and not applied (absent until the database answered a check).',
    registers: [registry],
  });
  const refresh = async () => {
    checkedAt = performance.now();
    const readiness = await checkReadiness();
    const reachable = readiness.ready || readiness.pendingMigrations !== undefined;
    up.set(reachable ? 1 : 0);
    if (reachable) pending.set(readiness.pendingMigrations?.length ?? 0);
  };
  const up = new Gauge({
    name: 'database_up',
    help: '1 when the last readiness check reached the database, else 0.',
    registers: [registry],
    collect: () => {
      if (performance.now() - checkedAt >= READINESS_REFRESH_MS) void refresh();
    },
  });
  void refresh();
}

function requestTimer(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by method, route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'Requests being served now.', registers: [registry] });
  return (req, res, next) => {
    const started = performance.now();
    inFlight.inc();
    res.once('close', () => {
      inFlight.dec();
      // req.route is the matched template (/api/v1/<plural>/:id); ids never become labels.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      duration.observe({ method: req.method, route, status_code: res.statusCode }, (performance.now() - started) / 1000);
    });
    next();
  };
}

/** One registry per app (no global state): process metrics, request timings, pool and migrations. */
export function createMetrics(options: { poolStats: () => PoolStats; checkReadiness: ReadinessCheck }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  poolGauges(registry, options.poolStats);
  readinessGauges(registry, options.checkReadiness);
  return { registry, observe: requestTimer(registry) };
}
