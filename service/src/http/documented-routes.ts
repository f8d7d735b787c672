import type { Express, RequestHandler } from 'express';
import type { HttpMethod, OpenApiDocument } from './openapi';
import { createRequestValidatorFactory } from './request-validation';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** The path exactly as the OpenAPI document writes it, e.g. /api/v1/items/{id}. */
  readonly path: string;
  readonly handler: RequestHandler;
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
  for (const route of routes) {
    const operation = doc.paths[route.path]?.[route.method];
    if (!operation) {
      throw new Error(`${route.method.toUpperCase()} ${route.path} has no @openapi block; document it beside the route.`);
    }
    app[route.method](toExpressPath(route.path), validatorFor(operation), route.handler);
  }
}
