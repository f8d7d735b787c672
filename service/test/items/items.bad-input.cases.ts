import { buildItemInput } from './item-factory';
import { testConfig, useTestApp } from '../support/test-app';

// Every class of bad input must give a 4xx problem+json that names the field, never a 500.
describe('Bad input to the items API', () => {
  const ctx = useTestApp();
  let existingId: number;

  beforeAll(async () => {
    existingId = (await ctx.api.post('/api/v1/items').send(buildItemInput())).body.id as number;
  });

  test.each([
    ['an unknown field', { ...buildItemInput(), colour: 'red' }, 'colour'],
    ['name of the wrong type', { name: 42, priceCents: 1 }, 'name'],
    ['an empty name', { name: '', priceCents: 1 }, 'name'],
    ['a name over 200 characters', { name: 'x'.repeat(201), priceCents: 1 }, 'name'],
    ['a description over 2000 characters', { name: 'a', priceCents: 1, description: 'd'.repeat(2001) }, 'description'],
    ['a negative price', { name: 'a', priceCents: -1 }, 'priceCents'],
    ['a fractional price', { name: 'a', priceCents: 1.5 }, 'priceCents'],
    ['a price as a string', { name: 'a', priceCents: '100' }, 'priceCents'],
    ['a price beyond int4', { name: 'a', priceCents: 2147483648 }, 'priceCents'],
    ['a huge price', { name: 'a', priceCents: 1e300 }, 'priceCents'],
    ['a negative quantity', { name: 'a', priceCents: 1, quantity: -5 }, 'quantity'],
    ['a null quantity', { name: 'a', priceCents: 1, quantity: null }, 'quantity'],
    ['a server-set field', { name: 'a', priceCents: 1, id: 5 }, 'id'],
  ])('When the body has %s, then 400 names %s', async (_case, body, field) => {
    const res = await ctx.api.post('/api/v1/items').send(body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', field })]));
  });

  test.each([
    ['malformed JSON', '{"name": "a",', 'application/json'],
    ['a JSON array', '[]', 'application/json'],
    ['a JSON string', '"item"', 'application/json'],
  ])('When the body is %s, then 400 problem+json', async (_case, raw, type) => {
    const res = await ctx.api.post('/api/v1/items').set('Content-Type', type).send(raw);

    expect(res.status).toBe(400);
    expect(res.body.status).toBe(400);
  });

  test.each([
    ['text/plain', 'name=a'],
    ['application/x-www-form-urlencoded', 'name=a&priceCents=1'],
    ['application/xml', '<item/>'],
  ])('When the content type is %s, then 415 asks for application/json', async (type, raw) => {
    const res = await ctx.api.put(`/api/v1/items/${existingId}`).set('Content-Type', type).send(raw);

    expect(res.status).toBe(415);
    expect(res.body.detail).toContain('application/json');
  });

  test('When there is no body at all, then 400 says a body is required', async () => {
    const res = await ctx.api.post('/api/v1/items');

    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/body is required/);
  });

  test('When the body is larger than the limit, then 413 and nothing is stored', async () => {
    const countRows = async () => Number((await ctx.db.sequelize.query('SELECT count(*) AS n FROM items', { plain: true }))?.n);
    const before = await countRows();
    const body = JSON.stringify({ name: 'big', priceCents: 1, description: 'x'.repeat(testConfig.bodyLimitBytes) });

    const res = await ctx.api.post('/api/v1/items').set('Content-Type', 'application/json').send(body);

    expect(res.status).toBe(413);
    expect(await countRows()).toBe(before);
  });

  test('When the JSON charset is not UTF-8 family, then 415', async () => {
    const res = await ctx.api
      .post('/api/v1/items')
      .set('Content-Type', 'application/json; charset=latin-9')
      .send('{"name":"a","priceCents":1}');

    expect(res.status).toBe(415);
  });
});
