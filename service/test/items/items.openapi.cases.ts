import request from 'supertest';
import { loadOpenApiDocument } from '../../src/http/openapi';
import { useTestApp } from '../support/test-app';

// What the items resource documents; the checks every resource's operations must pass are in
// service/test/http/openapi.cases.ts.
describe('The OpenAPI document of items', () => {
  const ctx = useTestApp();
  const doc = loadOpenApiDocument();

  test('When the document is built, then a YAML example with a comma stays one string (no stray property)', () => {
    const fields = doc.components?.schemas?.ItemFields as { properties: Record<string, { example?: unknown }> };

    expect(Object.keys(fields.properties).sort()).toEqual(['description', 'name', 'priceCents', 'quantity']);
    expect(fields.properties.description?.example).toBe('Porcelain, 90 ml');
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

  test('When the item request schemas are read, then none carries a default (generated clients would make the field required)', () => {
    const requestSchemas = ['ItemFields', 'ItemInput', 'ItemPatch'].map((name) => JSON.stringify(doc.components?.schemas?.[name]));

    expect(requestSchemas.join('\n')).not.toContain('"default"');
  });

  test('When /docs is opened, then Swagger UI loads the items operations', async () => {
    const init = await request(ctx.app).get('/docs/swagger-ui-init.js');

    expect(init.status).toBe(200);
    expect(init.text).toContain('"operationId": "listItems"');
  });
});
