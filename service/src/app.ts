import cors from 'cors';
import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Config } from './config';
import type { ReadinessCheck } from './db/readiness';
import { registerDocumentedRoutes } from './http/documented-routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { healthRoutes } from './http/health.routes';
import type { Metrics } from './http/metrics';
import { metricsRoutes } from './http/metrics.routes';
import { loadOpenApiDocument } from './http/openapi';
import { requestContext } from './http/request-context';
import { securityHeaders } from './http/security-headers';
import type { ItemsRepository } from './items/items.repository';
import { itemsRoutes } from './items/items.routes';
import type { Logger } from './logger';

export interface AppDependencies {
  readonly config: Pick<Config, 'corsOrigins' | 'bodyLimitBytes'>;
  readonly logger: Logger;
  readonly items: ItemsRepository;
  readonly checkReadiness: ReadinessCheck;
  readonly metrics: Metrics;
}

/** The whole HTTP surface as a function of its dependencies; it never listens or connects. */
export function buildApp(deps: AppDependencies): Express {
  const doc = loadOpenApiDocument();
  const app = express();
  app.disable('x-powered-by');
  // A body-hash ETag saves no server work (the body is built anyway), costs a SHA-1 and a Buffer
  // copy per response, and no client of this API sends If-None-Match (docs/performance.md).
  app.set('etag', false);
  app.use(deps.metrics.observe);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  // With no allowed origin the middleware would only pass every request on; skip it then.
  if (deps.config.corsOrigins.length > 0) app.use(cors({ origin: [...deps.config.corsOrigins] }));
  app.use(express.json({ limit: deps.config.bodyLimitBytes, type: 'application/json' }));

  registerDocumentedRoutes(app, doc, [
    ...healthRoutes(deps.checkReadiness, doc),
    ...metricsRoutes(deps.metrics),
    ...itemsRoutes(deps.items),
  ]);
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(doc, { customSiteTitle: doc.info.title }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
