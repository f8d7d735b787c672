import request from 'supertest';
import { subjectResource } from '../support/subject-resource';
import { useTestApp } from '../support/test-app';

async function scrape(ctx: ReturnType<typeof useTestApp>): Promise<string[]> {
  const res = await ctx.api.get('/metrics');
  expect(res.status).toBe(200);
  return res.text.split('\n');
}

describe('/metrics', () => {
  const ctx = useTestApp();
  const subject = subjectResource();

  test('When rows are read by id, then the duration histogram counts them under the route template, never under an id', async () => {
    const created = await ctx.api.post(subject.collectionPath).send(subject.createBody());
    await ctx.api.get(subject.itemPath(created.body.id));
    await ctx.api.get(subject.itemPath(created.body.id));

    const lines = await scrape(ctx);

    const count = lines.find((line) =>
      line.startsWith(`http_request_duration_seconds_count{method="GET",route="${subject.itemRoute}",status_code="200"}`),
    );
    expect(Number(count?.split(' ')[1])).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => line.includes(subject.itemPath(created.body.id)))).toEqual([]);
  });

  test('When scraped, then pool, pending migrations and process metrics are in Prometheus text', async () => {
    // A scrape never waits for the database: the readiness check it starts lands in a later scrape,
    // and a check that timed out on a loaded machine is retried after READINESS_REFRESH_MS (10 s).
    let res = await ctx.api.get('/metrics');
    for (let attempt = 0; attempt < 150 && !res.text.split('\n').includes('database_up 1'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      res = await ctx.api.get('/metrics');
    }
    const lines = res.text.split('\n');

    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(lines).toContain('db_pool_connections{state="max"} 5');
    expect(lines.some((line) => line.startsWith('db_pool_connections{state="in_use"} '))).toBe(true);
    expect(lines.some((line) => line.startsWith('db_pool_waiting_requests '))).toBe(true);
    expect(lines).toContain('migrations_pending 0');
    expect(lines).toContain('database_up 1');
    expect(lines.some((line) => line.startsWith('process_resident_memory_bytes '))).toBe(true);
    expect(lines.some((line) => line.startsWith('http_requests_in_flight '))).toBe(true);
  });

  test('When a path matches no route, then its requests share one label instead of one series per path', async () => {
    const missing = await request(ctx.app).get('/no/such/path/123');

    const lines = await scrape(ctx);

    expect(missing.status).toBe(404);
    expect(lines.some((line) => line.includes('route="unmatched",status_code="404"'))).toBe(true);
    expect(lines.filter((line) => line.includes('/no/such/path'))).toEqual([]);
  });
});
