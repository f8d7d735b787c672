import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

describe('GET /api/v1/items/{id}', () => {
  const ctx = useTestApp();

  test('When the item exists, then it comes back with every field', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.get(`/api/v1/items/${created.body.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
  });

  test('When the item does not exist, then 404 problem+json says which id', async () => {
    const res = await ctx.api.get('/api/v1/items/2147483647');

    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain('2147483647');
  });

  test.each(['abc', '1.5', '0', '-3', '2147483648', '99999999999999999999999'])('When the id is %s, then 400 names the id', async (id) => {
    const res = await ctx.api.get(`/api/v1/items/${id}`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
  });
});
