import { buildItemInput } from '../support/factories';
import { useTestApp } from '../support/test-app';

function ids(body: { data: Array<{ id: number }> }): number[] {
  return body.data.map((item) => item.id);
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

  test('When no paging is given, then the first 20 items come back in id order with the total', async () => {
    const res = await ctx.api.get('/api/v1/items');

    expect(res.status).toBe(200);
    expect(res.body.page).toEqual({ limit: 20, offset: 0, total: createdIds.length });
    expect(ids(res.body)).toEqual(createdIds);
  });

  test('When limit and offset are given, then exactly that window comes back', async () => {
    const res = await ctx.api.get('/api/v1/items?limit=2&offset=1');

    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(createdIds.slice(1, 3));
    expect(res.body.page).toEqual({ limit: 2, offset: 1, total: createdIds.length });
  });

  test('When the offset is past the end, then the page is empty but the total is kept', async () => {
    const res = await ctx.api.get('/api/v1/items?offset=1000');

    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.page.total).toBe(createdIds.length);
  });

  test('When an item is updated, then the order stays by id (stable across pages)', async () => {
    await ctx.api.patch(`/api/v1/items/${createdIds[0]}`).send({ quantity: 99 });

    const res = await ctx.api.get('/api/v1/items?limit=100');

    expect(ids(res.body)).toEqual(createdIds);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=99999999999999999999', 'offset'],
    ['limit=1&limit=2', 'limit'],
    ['sort=name', 'sort'],
  ])('When the query is %s, then 400 names %s', async (query, field) => {
    const res = await ctx.api.get(`/api/v1/items?${query}`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', field })]));
  });
});
