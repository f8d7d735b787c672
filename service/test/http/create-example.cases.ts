import { createExample, firstRoundTripCollection } from '../../src/http/create-example';
import { loadOpenApiDocument, type OpenApiDocument } from '../../src/http/openapi';

type Properties = Record<string, object>;

/** A document with one collection whose create schema has these properties (through allOf, as resources write it). */
function docWith(properties: Properties, required: string[] = []): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/things': {
        post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } } } },
      },
      '/api/v1/things/{id}': { get: {}, delete: {} },
    },
    components: {
      schemas: {
        ThingFields: { type: 'object', properties },
        ThingInput: { allOf: [{ $ref: '#/components/schemas/ThingFields' }], required },
      },
    },
  };
}

describe('createExample: a create request from the document', () => {
  test('When every property has an example, then the body holds them and the text field is the first one that takes free text', () => {
    const doc = docWith(
      {
        sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$', example: 'ABC-1234' },
        code: { type: 'string', maxLength: 8, example: 'short' },
        kind: { type: 'string', const: 'thing', example: 'thing' },
        name: { type: 'string', minLength: 1, maxLength: 200, examples: ['Espresso cup'] },
        count: { type: 'integer', example: 3 },
      },
      ['sku', 'name'],
    );

    expect(createExample(doc, '/api/v1/things')).toEqual({
      body: { sku: 'ABC-1234', code: 'short', kind: 'thing', name: 'Espresso cup', count: 3 },
      textField: 'name',
    });
  });

  test('When a required property has no example, then it throws naming it', () => {
    const doc = docWith({ name: { type: 'string', example: 'a' }, price: { type: 'integer' } }, ['name', 'price']);

    expect(() => createExample(doc, '/api/v1/things')).toThrow("give the create schema's required price an example");
  });

  test('When no property takes free text, then it throws saying what one needs', () => {
    const doc = docWith({ email: { type: 'string', format: 'email', example: 'a@example.com' } });

    expect(() => createExample(doc, '/api/v1/things')).toThrow(/needs a free-text property with an example/);
  });

  test('When the collection has no documented POST with a JSON body, then it throws naming the path', () => {
    expect(() => createExample(docWith({}), '/api/v1/others')).toThrow('no POST /api/v1/others with a JSON body');
  });

  test("When the document is the service's own, then the first round-trip collection is a registered resource and its example is valid", () => {
    const doc = loadOpenApiDocument();
    const collection = firstRoundTripCollection(doc);

    expect(collection).toMatch(/^\/api\/v1\/[a-z-]+$/);
    expect(() => createExample(doc, collection ?? '')).not.toThrow();
    expect(firstRoundTripCollection({ ...doc, paths: { '/healthz': doc.paths['/healthz'] ?? {} } })).toBeUndefined();
  });
});
