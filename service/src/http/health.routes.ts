import type { ReadinessCheck } from '../db/readiness';
import type { RouteDefinition } from './documented-routes';
import type { OpenApiDocument } from './openapi';

/** Liveness never touches the database, so a slow database does not get healthy pods killed. */
export function healthRoutes(checkReadiness: ReadinessCheck, doc: OpenApiDocument): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /healthz:
     *   get:
     *     operationId: health
     *     tags: [operations]
     *     summary: Liveness; the process answers. Touches no dependency.
     *     description: >-
     *       For liveness probes: 200 while the process can answer. Query strings are ignored.
     *     responses:
     *       200:
     *         description: Alive.
     *         content:
     *           application/json:
     *             schema:
     *               type: object
     *               required: [status]
     *               properties: { status: { type: string, const: ok } }
     */
    { method: 'get', path: '/healthz', ignoresQuery: true, handler: (_req, res) => void res.json({ status: 'ok' }) },
    /**
     * @openapi
     * /readyz:
     *   get:
     *     operationId: readiness
     *     tags: [operations]
     *     summary: Readiness; the database answers and no migration is pending.
     *     description: >-
     *       For readiness probes and deploy gates: 503 with the reason (and the pending migrations) until the service can serve. Query strings are ignored.
     *     responses:
     *       200:
     *         description: Ready to serve traffic.
     *         content:
     *           application/json:
     *             schema: { $ref: '#/components/schemas/Readiness' }
     *       503:
     *         description: Not ready; `reason` says why.
     *         content:
     *           application/json:
     *             schema: { $ref: '#/components/schemas/Readiness' }
     * components:
     *   schemas:
     *     Readiness:
     *       type: object
     *       required: [status]
     *       additionalProperties: false
     *       properties:
     *         status: { type: string, enum: [ready, not ready] }
     *         reason: { type: string }
     *         pendingMigrations: { type: array, items: { type: string } }
     */
    {
      method: 'get',
      path: '/readyz',
      ignoresQuery: true,
      handler: async (_req, res) => {
        const { ready, ...details } = await checkReadiness();
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', ...details });
      },
    },
    /**
     * @openapi
     * /openapi.json:
     *   get:
     *     operationId: openapi
     *     tags: [operations]
     *     summary: This document.
     *     description: >-
     *       The OpenAPI document requests are validated against; Swagger UI at /docs reads it. Query strings are ignored.
     *     responses:
     *       200:
     *         description: The OpenAPI 3.1 document built from the @openapi blocks beside the routes.
     *         content: { application/json: { schema: { type: object } } }
     */
    { method: 'get', path: '/openapi.json', ignoresQuery: true, handler: (_req, res) => void res.json(doc) },
  ];
}
