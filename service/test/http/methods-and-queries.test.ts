import request from 'supertest';
import { useTestApp } from '../support/test-app';

describe('Methods and query strings', () => {
  const ctx = useTestApp();

  test.each([
    ['put', '/api/v1/items', 'GET, HEAD, POST, OPTIONS'],
    ['delete', '/api/v1/items', 'GET, HEAD, POST, OPTIONS'],
    ['post', '/api/v1/items/1', 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS'],
    ['post', '/healthz', 'GET, HEAD, OPTIONS'],
    ['delete', '/openapi.json', 'GET, HEAD, OPTIONS'],
  ] as const)('When %s is sent to %s, then 405 problem+json lists the allowed methods in Allow', async (method, path, allow) => {
    const res = await request(ctx.app)[method](path);

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    expect(res.body.detail).toContain(allow);
  });

  test('When an unknown method token is sent to a known path, then 405 with Allow', async () => {
    const res = await request(ctx.app).trace('/api/v1/items/7');

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  test('When OPTIONS is sent to a known path, then 204 with Allow and no body', async () => {
    const res = await request(ctx.app).options('/api/v1/items/7');

    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
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

  test('When the items list gets an unknown query parameter, then it is still 400 naming it', async () => {
    const res = await ctx.api.get('/api/v1/items?sort=name');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'sort' })]);
  });
});
