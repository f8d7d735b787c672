import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

describe('POST /api/v1/items', () => {
  const ctx = useTestApp();

  test('When the item is valid, then it is created with 201, a Location and server-set fields', async () => {
    const input = buildItemInput();

    const res = await ctx.api.post('/api/v1/items').send(input);

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/items/${res.body.id}`);
    expect(res.body).toMatchObject(input);
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    const fetched = await ctx.api.get(res.headers.location as string);
    expect(fetched.body).toEqual(res.body);
  });

  test('When optional fields are omitted, then quantity defaults to 0 and description to null', async () => {
    const res = await ctx.api.post('/api/v1/items').send({ name: 'bare', priceCents: 0 });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'bare', priceCents: 0, quantity: 0, description: null });
  });

  test('When name is at its 200-character limit and description at 2000, then both are kept whole', async () => {
    const input = buildItemInput({ name: 'n'.repeat(200), description: 'd'.repeat(2000) });

    const res = await ctx.api.post('/api/v1/items').send(input);

    expect(res.status).toBe(201);
    expect(res.body.name).toHaveLength(200);
    expect(res.body.description).toHaveLength(2000);
  });

  test('When a required field is missing, then 400 names it', async () => {
    const res = await ctx.api.post('/api/v1/items').send({ name: 'no price' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ in: 'body', field: 'priceCents', message: 'is required' }]);
  });
});
