import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

describe('DELETE /api/v1/items/{id}', () => {
  const ctx = useTestApp();

  test('When the item exists, then 204 with no body and it is gone', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.delete(`/api/v1/items/${created.body.id}`);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await ctx.api.get(`/api/v1/items/${created.body.id}`)).status).toBe(404);
  });

  test('When the item was already deleted, then 404', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());
    await ctx.api.delete(`/api/v1/items/${created.body.id}`);

    const res = await ctx.api.delete(`/api/v1/items/${created.body.id}`);

    expect(res.status).toBe(404);
  });

  test('When the id is not a positive integer, then 400', async () => {
    const res = await ctx.api.delete('/api/v1/items/one');

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'path', field: 'id' });
  });
});
