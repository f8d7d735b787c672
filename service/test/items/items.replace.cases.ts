import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

describe('PUT /api/v1/items/{id}', () => {
  const ctx = useTestApp();

  test('When the whole item is sent, then every field is replaced and updatedAt moves', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());
    const replacement = buildItemInput();

    const res = await ctx.api.put(`/api/v1/items/${created.body.id}`).send(replacement);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...replacement, id: created.body.id, createdAt: created.body.createdAt });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
  });

  test('When optional fields are left out, then they return to their defaults', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput({ description: 'old', quantity: 7 }));

    const res = await ctx.api.put(`/api/v1/items/${created.body.id}`).send({ name: 'renamed', priceCents: 1 });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'renamed', priceCents: 1, description: null, quantity: 0 });
  });

  test('When a required field is missing, then 400 names it and nothing changes', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.put(`/api/v1/items/${created.body.id}`).send({ name: 'no price' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ in: 'body', field: 'priceCents', message: 'is required' }]);
    expect((await ctx.api.get(`/api/v1/items/${created.body.id}`)).body).toEqual(created.body);
  });

  test('When the item does not exist, then 404', async () => {
    const res = await ctx.api.put('/api/v1/items/2147483000').send(buildItemInput());

    expect(res.status).toBe(404);
  });
});
