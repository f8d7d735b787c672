import request from 'supertest';
import { expectMethodNotAllowed } from '../support/method-not-allowed';
import { useTestApp } from '../support/test-app';

// The methods items answer, PUT (full replace) included; the service-wide 405 and OPTIONS
// behaviour is in service/test/http/methods-and-queries.cases.ts.
describe('Methods on /api/v1/items', () => {
  const ctx = useTestApp();

  test.each([
    ['put', '/api/v1/items', 'GET, HEAD, POST, OPTIONS'],
    ['delete', '/api/v1/items', 'GET, HEAD, POST, OPTIONS'],
    ['post', '/api/v1/items/1', 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS'],
  ] as const)('When %s is sent to %s, then 405 problem+json lists the allowed methods in Allow', async (method, path, allow) => {
    const res = await request(ctx.app)[method](path);

    expectMethodNotAllowed(res, allow);
  });

  test('When an unknown method token is sent to an item, then 405 with Allow listing PUT', async () => {
    const res = await request(ctx.app).trace('/api/v1/items/7');

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  test('When OPTIONS is sent to an item, then 204 with Allow listing PUT and no body', async () => {
    const res = await request(ctx.app).options('/api/v1/items/7');

    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
    expect(res.text).toBe('');
  });
});
