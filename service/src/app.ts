import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Config } from './config';
import type { ReadinessCheck } from './db/readiness';
import { ignoreErrorsAfterEarlyAnswer, rejectOversizedBody } from './http/body-limit';
import { registerDocumentedRoutes } from './http/documented-routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { healthRoutes } from './http/health.routes';
import { loadOpenApiDocument } from './http/openapi';
import type { ItemsRepository } from './items/items.repository';
import { itemsRoutes } from './items/items.routes';
import type { Logger } from './logger';

export interface AppDependencies {
  readonly config: Pick<Config, 'corsOrigins' | 'bodyLimitBytes'>;
  readonly logger: Logger;
  readonly items: ItemsRepository;
  readonly checkReadiness: ReadinessCheck;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

// A caller's request id is kept when it looks like one, so a trace spans the services it crossed.
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The whole HTTP surface as a function of its dependencies; it never listens or connects. */
export function buildApp(deps: AppDependencies): Express {
  const doc = loadOpenApiDocument();
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestId,
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Enough to trace a request; headers stay out of the log (they may carry credentials).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => /^\/(healthz|readyz)(\?|$)/.test(req.url ?? '') },
    }),
  );
  // No upgrade-insecure-requests: over plain HTTP on any host but localhost (a compose stack, a
  // cluster-internal URL) the browser would rewrite Swagger UI's assets to https and show nothing.
  // TLS, where there is any, is the ingress's job; HSTS still tells browsers to stay on https there.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // preflightContinue: cors adds its headers and the route's OPTIONS answer adds Allow.
  app.use(cors({ origin: deps.config.corsOrigins.length > 0 ? [...deps.config.corsOrigins] : false, preflightContinue: true }));
  app.use(rejectOversizedBody(deps.config.bodyLimitBytes));
  // strict: false lets null and scalars parse, so the validator can say "must be a JSON object"
  // instead of calling valid JSON malformed.
  app.use(express.json({ limit: deps.config.bodyLimitBytes, type: 'application/json', strict: false }));
  app.use(ignoreErrorsAfterEarlyAnswer);

  registerDocumentedRoutes(app, doc, [...healthRoutes(deps.checkReadiness, doc), ...itemsRoutes(deps.items)]);
  // Browsers ignore COOP on plain HTTP and log a console error on every visit to the docs page.
  const withoutOpenerPolicy: RequestHandler = (_req, res, next) => void (res.removeHeader('Cross-Origin-Opener-Policy'), next());
  app.use('/docs', withoutOpenerPolicy, swaggerUi.serve, swaggerUi.setup(doc, { customSiteTitle: doc.info.title }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
