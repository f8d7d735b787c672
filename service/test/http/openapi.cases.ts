import express from 'express';
import request from 'supertest';
import { registerDocumentedRoutes, toExpressPath } from '../../src/http/documented-routes';
import { HTTP_METHODS, loadOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from '../../src/http/openapi';
import { subjectResource } from '../support/subject-resource';
import { useTestApp } from '../support/test-app';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

// Every operation of the document, named as a person reads it: GET /healthz.
function operationsOf(doc: OpenApiDocument): Array<{ name: string; operation: OpenApiOperation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
}

// The component schemas a request body reaches, through $ref at any depth (allOf included).
function requestBodySchemaNames(doc: OpenApiDocument): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(value)?.[1] : undefined;
      if (name === undefined) {
        visit(value);
      } else if (!names.has(name)) {
        names.add(name);
        visit(doc.components?.schemas?.[name]);
      }
    }
  };
  for (const { operation } of operationsOf(doc)) visit(operation.requestBody);
  return [...names];
}

describe('The OpenAPI document', () => {
  const ctx = useTestApp();
  const doc = loadOpenApiDocument();
  const subject = subjectResource();

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

    // Both kinds are seen: the operations routes and the resources' own.
    expect(registered).toEqual(expect.arrayContaining(['get /healthz', `post ${subject.collectionPath}`]));
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

  test.each(operationsOf(doc).filter(({ operation }) => operation.requestBody))(
    'When $name takes a body, then every status the error layer gives is documented, 422 included',
    ({ operation }) => {
      expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(['400', '409', '413', '415', '422', '500']));
    },
  );

  test('When request schemas are read, then none carries a default (generated clients would make the field required)', () => {
    const names = requestBodySchemaNames(doc);
    const requestSchemas = [
      ...operationsOf(doc).map(({ operation }) => JSON.stringify(operation.requestBody ?? {})),
      ...names.map((name) => JSON.stringify(doc.components?.schemas?.[name])),
    ];

    expect(names.length).toBeGreaterThan(0);
    expect(requestSchemas.join('\n')).not.toContain('"default"');
  });

  test('When /docs is opened, then Swagger UI is served and loads this document', async () => {
    const page = await request(ctx.app).get('/docs/');
    const init = await request(ctx.app).get('/docs/swagger-ui-init.js');

    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(init.status).toBe(200);
    const operationIds = operationsOf(doc).map(({ operation }) => operation.operationId);
    expect(operationIds.filter((id) => !init.text.includes(`"operationId": "${id}"`))).toEqual([]);
  });
});
