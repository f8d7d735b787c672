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
      // The catch-all behind each path (OPTIONS, 405) is registered for every method at once.
      .filter((layer) => layer.route && Object.keys(layer.route.methods).length === 1)
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

  test('When the document is built, then a YAML example with a comma stays one string (no stray property)', () => {
    const fields = doc.components?.schemas?.ItemFields as { properties: Record<string, { example?: unknown }> };

    expect(Object.keys(fields.properties).sort()).toEqual(['description', 'name', 'priceCents', 'quantity']);
    expect(fields.properties.description?.example).toBe('Porcelain, 90 ml');
  });

  test('When the document is read, then it declares its servers, every tag it uses, a license and a contact', () => {
    const full = doc as typeof doc & { servers?: unknown[]; tags?: Array<{ name: string }>; info: Record<string, unknown> };
    const used = new Set(
      Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op as { tags?: string[] }).tags ?? [])),
    );

    expect(full.servers?.length).toBeGreaterThan(0);
    expect((full.tags ?? []).map((tag) => tag.name).sort()).toEqual([...used].sort());
    expect(full.info.license).toEqual(expect.objectContaining({ name: expect.any(String), identifier: expect.any(String) }));
    expect(full.info.contact).toEqual(expect.objectContaining({ name: expect.any(String) }));
  });

  test.each(['post', 'put', 'patch'] as const)(
    'When %s writes an item, then every status the error layer gives is documented, 422 included',
    (method) => {
      const path = method === 'post' ? '/api/v1/items' : '/api/v1/items/{id}';

      expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {})).toEqual(
        expect.arrayContaining(['400', '409', '413', '415', '422', '500']),
      );
    },
  );

  test('When request schemas are read, then none carries a default (generated clients would make the field required)', () => {
    const requestSchemas = ['ItemFields', 'ItemInput', 'ItemPatch'].map((name) => JSON.stringify(doc.components?.schemas?.[name]));

    expect(requestSchemas.join('\n')).not.toContain('"default"');
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
