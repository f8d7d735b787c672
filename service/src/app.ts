import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Config } from './config';
import type { ReadinessCheck } from './db/readiness';
import { ignoreErrorsAfterEarlyAnswer, rejectOversizedBody } from './http/body-limit';
import { registerDocumentedRoutes, type RouteDefinition } from './http/documented-routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { healthRoutes } from './http/health.routes';
import type { Metrics } from './http/metrics';
import { metricsRoutes } from './http/metrics.routes';
import { loadOpenApiDocument } from './http/openapi';
import { requestContext } from './http/request-context';
import { securityHeaders } from './http/security-headers';
import type { Logger } from './logger';

export interface AppDependencies {
  readonly config: Pick<Config, 'corsOrigins' | 'bodyLimitBytes'>;
  readonly logger: Logger;
  /** The resources' routes (resourceRoutes in resources.ts), each documented by its @openapi block. */
  readonly routes: readonly RouteDefinition[];
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
  // No upgrade-insecure-requests: over plain HTTP on any host but localhost (a compose stack, a
  // cluster-internal URL) the browser would rewrite Swagger UI's assets to https and show nothing.
  // TLS, where there is any, is the ingress's job; HSTS still tells browsers to stay on https there.
  app.use(securityHeaders({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // With no allowed origin cors only passes every request on; skip it then. preflightContinue:
  // cors adds its headers and the route's OPTIONS answer adds Allow.
  if (deps.config.corsOrigins.length > 0) app.use(cors({ origin: [...deps.config.corsOrigins], preflightContinue: true }));
  app.use(rejectOversizedBody(deps.config.bodyLimitBytes));
  // strict: false lets null and scalars parse, so the validator can say "must be a JSON object"
  // instead of calling valid JSON malformed.
  app.use(express.json({ limit: deps.config.bodyLimitBytes, type: 'application/json', strict: false }));
  app.use(ignoreErrorsAfterEarlyAnswer);

  registerDocumentedRoutes(app, doc, [...healthRoutes(deps.checkReadiness, doc), ...metricsRoutes(deps.metrics), ...deps.routes]);
  // Browsers ignore COOP on plain HTTP and log a console error on every visit to the docs page.
  const withoutOpenerPolicy: RequestHandler = (_req, res, next) => void (res.removeHeader('Cross-Origin-Opener-Policy'), next());
  app.use('/docs', withoutOpenerPolicy, swaggerUi.serve, swaggerUi.setup(doc, { customSiteTitle: doc.info.title }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
