import request from 'supertest';
import { HTTP_METHODS, loadOpenApiDocument } from '../../src/http/openapi';
import { subjectResource } from '../support/subject-resource';
import { expectMethodNotAllowed } from '../support/method-not-allowed';
import { useTestApp } from '../support/test-app';

const doc = loadOpenApiDocument();
const subject = subjectResource();
// The path of one row as the document writes it: the collection's, then /{id}.
const itemTemplate = `${subject.collectionPath}/{id}`;

function documentedMethods(openApiPath: string): string[] {
  const item = doc.paths[openApiPath];
  if (!item) throw new Error(`the OpenAPI document has no path ${openApiPath}`);
  return HTTP_METHODS.filter((method) => method in item);
}

// What Allow must say for a documented path: its methods in this order, HEAD wherever GET is, then OPTIONS.
function allowFor(openApiPath: string): string {
  const documented = documentedMethods(openApiPath);
  const allowed = documented.includes('get') ? [...documented, 'head'] : documented;
  const order = ['get', 'head', 'post', 'put', 'patch', 'delete'];
  return [...order.filter((method) => allowed.includes(method)), 'options'].map((method) => method.toUpperCase()).join(', ');
}

// Every method the document leaves out of a path, sent to a concrete URL of it.
function refusedOn(openApiPath: string, url: string): Array<[(typeof HTTP_METHODS)[number], string, string]> {
  const documented = documentedMethods(openApiPath);
  return HTTP_METHODS.filter((method) => !documented.includes(method)).map((method) => [method, url, allowFor(openApiPath)]);
}

describe('Methods and query strings', () => {
  const ctx = useTestApp();

  test.each([
    ...refusedOn(subject.collectionPath, subject.collectionPath),
    ...refusedOn(itemTemplate, subject.itemPath(1)),
    ['post', '/healthz', 'GET, HEAD, OPTIONS'],
    ['delete', '/openapi.json', 'GET, HEAD, OPTIONS'],
  ] as const)('When %s is sent to %s, then 405 problem+json lists the allowed methods in Allow', async (method, path, allow) => {
    const res = await request(ctx.app)[method](path);

    expectMethodNotAllowed(res, allow);
  });

  test('When an unknown method token is sent to a known path, then 405 with Allow', async () => {
    const res = await request(ctx.app).trace(subject.itemPath(7));

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allowFor(itemTemplate));
  });

  test('When OPTIONS is sent to a known path, then 204 with Allow and no body', async () => {
    const res = await request(ctx.app).options(subject.itemPath(7));

    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe(allowFor(itemTemplate));
    expect(res.text).toBe('');
  });

  test('When a wrong method goes to an unknown path, then it is still 404', async () => {
    const res = await request(ctx.app).put('/api/v1/nothing');

    expect(res.status).toBe(404);
  });

  test.each(['/healthz?probe=1', '/readyz?x=1&x=2', '/openapi.json?v=3', '/healthz?__proto__=1'])(
    'When %s is fetched, then the query string is ignored and it answers 200',
    async (url) => {
      const res = await ctx.api.get(url);

      expect(res.status).toBe(200);
    },
  );

  test('When a resource list gets an unknown query parameter, then it is still 400 naming it', async () => {
    const res = await ctx.api.get(`${subject.collectionPath}?sort=name`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'sort' })]);
  });
});
