import type { Options } from 'sequelize';
import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

function ids(body: { data: Array<{ id: number }> }): number[] {
  return body.data.map((item) => item.id);
}

function nextLink(header: string | undefined): string | undefined {
  return /^<([^>]+)>; rel="next"$/.exec(header ?? '')?.[1];
}

describe('GET /api/v1/items', () => {
  const ctx = useTestApp();
  const createdIds: number[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await ctx.api.post('/api/v1/items').send(buildItemInput());
      createdIds.push(res.body.id as number);
    }
  });

  test('When no paging is given, then the first 20 items come back in id order and there is no next page', async () => {
    const res = await ctx.api.get('/api/v1/items');

    expect(res.status).toBe(200);
    expect(res.body.page).toEqual({ limit: 20, next: null });
    expect(ids(res.body)).toEqual(createdIds);
    expect(res.headers.link).toBeUndefined();
  });

  test('When the rows left fill the page exactly, then next is null (no empty last page)', async () => {
    const res = await ctx.api.get(`/api/v1/items?limit=${createdIds.length}`);

    expect(ids(res.body)).toEqual(createdIds);
    expect(res.body.page.next).toBeNull();
  });

  test('When pages are walked through the Link header, then every item comes once, in order, and the last page has no next', async () => {
    const seen: number[] = [];
    const cursors: unknown[] = [];
    let url: string | undefined = '/api/v1/items?limit=2';

    while (url) {
      const res = await ctx.api.get(url);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      cursors.push(res.body.page.next);
      url = nextLink(res.headers.link);
      if (url) expect(url).toBe(`/api/v1/items?limit=2&cursor=${res.body.page.next as string}`);
    }

    expect(seen).toEqual(createdIds);
    expect(cursors).toEqual([expect.any(String), expect.any(String), null]);
  });

  test('When rows are added and removed while paging, then the cursor neither repeats nor skips an item', async () => {
    const first = await ctx.api.get('/api/v1/items?limit=2');
    await ctx.api.delete(`/api/v1/items/${createdIds[0]}`);
    const added = (await ctx.api.post('/api/v1/items').send(buildItemInput())).body.id as number;

    const rest = await ctx.api.get(`/api/v1/items?limit=100&cursor=${first.body.page.next as string}`);

    expect(ids(rest.body)).toEqual([...createdIds.slice(2), added]);
    createdIds.shift();
    createdIds.push(added);
  });

  test('When limit and a small offset are given, then exactly that window comes back with a cursor onward', async () => {
    const res = await ctx.api.get('/api/v1/items?limit=2&offset=1');
    const onward = await ctx.api.get(`/api/v1/items?limit=100&cursor=${res.body.page.next as string}`);

    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(createdIds.slice(1, 3));
    expect(ids(onward.body)).toEqual(createdIds.slice(3));
  });

  test('When the offset is past the end, then the page is empty', async () => {
    const res = await ctx.api.get('/api/v1/items?offset=1000');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], page: { limit: 20, next: null } });
  });

  test('When a page is listed, then no query counts the table and the cursor page seeks by id', async () => {
    const statements: string[] = [];
    // Sequelize reads its logging option on every query, so a test can listen in without rebuilding the app.
    const options = (ctx.db.sequelize as unknown as { options: Options }).options;
    const previous = options.logging;
    options.logging = (sql: string) => void statements.push(sql);
    try {
      const first = await ctx.api.get('/api/v1/items?limit=1');
      await ctx.api.get(`/api/v1/items?limit=1&cursor=${first.body.page.next as string}`);
    } finally {
      options.logging = previous;
    }

    expect(statements).toHaveLength(2);
    expect(statements.join('\n')).not.toMatch(/count\s*\(/i);
    expect(statements[1]).toMatch(/\bid"? > (\d+|\$1)/);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1001', 'offset'],
    ['offset=99999999999999999999', 'offset'],
    ['limit=1&limit=2', 'limit'],
    ['sort=name', 'sort'],
    ['cursor=not*base64', 'cursor'],
    ['cursor=Zm9v', 'cursor'],
    ['cursor=', 'cursor'],
    ['cursor=aWQ6MQ&offset=2', 'offset'],
  ])('When the query is %s, then 400 names %s', async (query, field) => {
    const res = await ctx.api.get(`/api/v1/items?${query}`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', field })]));
  });
});
