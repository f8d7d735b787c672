import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

describe('PATCH /api/v1/items/{id}', () => {
  const ctx = useTestApp();

  test('When one field is sent, then only that field changes', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.patch(`/api/v1/items/${created.body.id}`).send({ quantity: 42 });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...created.body, quantity: 42, updatedAt: expect.any(String) });
  });

  test('When description is set to null, then it is cleared', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput({ description: 'to clear' }));

    const res = await ctx.api.patch(`/api/v1/items/${created.body.id}`).send({ description: null });

    expect(res.status).toBe(200);
    expect(res.body.description).toBeNull();
  });

  test('When the body is an empty object, then 400 says there is nothing to change', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.patch(`/api/v1/items/${created.body.id}`).send({});

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'body', field: 'body' });
  });

  test('When name is set to null, then 400 names it (name is required to have a value)', async () => {
    const created = await ctx.api.post('/api/v1/items').send(buildItemInput());

    const res = await ctx.api.patch(`/api/v1/items/${created.body.id}`).send({ name: null });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
  });

  test('When the item does not exist, then 404', async () => {
    const res = await ctx.api.patch('/api/v1/items/2147483000').send({ quantity: 1 });

    expect(res.status).toBe(404);
  });
});
