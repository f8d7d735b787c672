import type { Express, RequestHandler } from 'express';
import type { HttpMethod, OpenApiDocument } from './openapi';
import { AppError } from './app-error';
import { createRequestValidatorFactory } from './request-validation';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** The path exactly as the OpenAPI document writes it, e.g. /api/v1/<plural>/{id}. */
  readonly path: string;
  readonly handler: RequestHandler;
  /** Probes and documents answer whatever query string a tool appends (cache busters, probe ids). */
  readonly ignoresQuery?: boolean;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

function allowHeader(methods: readonly string[]): string {
  const upper = new Set(methods.map((method) => method.toUpperCase()));
  if (upper.has('GET')) upper.add('HEAD');
  return [...METHOD_ORDER.filter((method) => upper.has(method)), 'OPTIONS'].join(', ');
}

// Runs after the path's own routes: OPTIONS is answered, any other method is 405 with Allow.
function otherMethods(allow: string): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw new AppError(405, 'Method Not Allowed', `${req.method} is not allowed on ${req.path}; use ${allow}.`);
  };
}

export function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * Registers each route behind the validator of its documented operation. A route without an
 * @openapi block cannot be registered at all, so the docs cannot fall behind the code.
 */
export function registerDocumentedRoutes(app: Express, doc: OpenApiDocument, routes: readonly RouteDefinition[]): void {
  const validatorFor = createRequestValidatorFactory(doc);
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const operation = doc.paths[route.path]?.[route.method];
    if (!operation) {
      throw new Error(`${route.method.toUpperCase()} ${route.path} has no @openapi block; document it beside the route.`);
    }
    app[route.method](toExpressPath(route.path), validatorFor(operation, { ignoresQuery: route.ignoresQuery }), route.handler);
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) app.all(toExpressPath(path), otherMethods(allowHeader(methods)));
}
