import express from 'express';
import request from 'supertest';
import { registerDocumentedRoutes, toExpressPath } from '../../src/http/documented-routes';
import { HTTP_METHODS, loadOpenApiDocument } from '../../src/http/openapi';
import { useTestApp } from '../support/test-app';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('The OpenAPI document', () => {
  const ctx = useTestApp();
  const doc = loadOpenApiDocument();

  test('When /openapi.json is fetched, then it is the document the app validates against', async () => {
    const res = await ctx.api.get('/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(res.body.openapi).toBe('3.1.0');
  });

  test('When the routes Express registered are listed, then each is documented and each documented operation is registered', () => {
    const stack = (ctx.app as unknown as { router: { stack: RouteLayer[] } }).router.stack;
    const registered = stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route?.methods ?? {}).map((method) => `${method} ${layer.route?.path}`));
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => (HTTP_METHODS as readonly string[]).includes(method))
        .map((method) => `${method} ${toExpressPath(path)}`),
    );

    expect(registered.length).toBeGreaterThanOrEqual(9);
    expect(registered.sort()).toEqual(documented.sort());
  });

  test('When a route without an @openapi block is registered, then registration fails naming it', () => {
    const register = () =>
      registerDocumentedRoutes(express(), doc, [{ method: 'get', path: '/api/v1/undocumented', handler: () => undefined }]);

    expect(register).toThrow('GET /api/v1/undocumented has no @openapi block');
  });

  test('When every operation is read, then each has an operationId and at least one documented response', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));

    for (const operation of operations) {
      expect(operation.operationId).toEqual(expect.any(String));
      expect(Object.keys(operation.responses ?? {}).length).toBeGreaterThan(0);
    }
  });

  test('When /docs is opened, then Swagger UI is served and loads this document', async () => {
    const page = await request(ctx.app).get('/docs/');
    const init = await request(ctx.app).get('/docs/swagger-ui-init.js');

    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(init.status).toBe(200);
    expect(init.text).toContain('"operationId": "listItems"');
  });
});
