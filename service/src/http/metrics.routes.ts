import type { RouteDefinition } from './documented-routes';
import type { Metrics } from './metrics';

export function metricsRoutes(metrics: Metrics): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /metrics:
     *   get:
     *     operationId: metrics
     *     tags: [operations]
     *     summary: Prometheus metrics (request durations by route, pool, pending migrations, process).
     *     description: >-
     *       Request durations by method, route template and status (never by id), requests in
     *       flight, database pool connections and waiters, pending migrations and the process
     *       metrics of prom-client. A scrape never waits for the database. Query strings are ignored.
     *     responses:
     *       200:
     *         description: Prometheus text exposition format 0.0.4.
     *         content: { text/plain: { schema: { type: string } } }
     */
    {
      method: 'get',
      path: '/metrics',
      ignoresQuery: true,
      handler: async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    },
  ];
}
