import request from 'supertest';
import { subjectResource } from '../support/subject-resource';
import { useTestApp } from '../support/test-app';

describe('Security headers and CORS', () => {
  const ctx = useTestApp();
  const subject = subjectResource();

  test('When any response is sent, then helmet headers are set and X-Powered-By is not', async () => {
    const res = await ctx.api.get('/healthz');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('When a configured origin calls, then CORS allows it', async () => {
    const res = await request(ctx.app)
      .options(subject.collectionPath)
      .set('Origin', 'https://allowed.example')
      .set('Access-Control-Request-Method', 'POST');

    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://allowed.example');
  });

  test('When another origin calls, then no CORS header grants it access', async () => {
    const res = await ctx.api.get('/healthz').set('Origin', 'https://evil.example');

    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('When a route does not exist, then 404 problem+json names it', async () => {
    const res = await request(ctx.app).get('/api/v2/nothing');

    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('No route for GET /api/v2/nothing.');
  });
});
