import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

function namesField(location: string, field: string): unknown {
  return expect.arrayContaining([expect.objectContaining({ in: location, field })]);
}

// Input Postgres cannot store as sent, or that only looks like a number, is refused, never altered.
describe('Strict input to the items API', () => {
  const ctx = useTestApp();
  let existingId: number;

  beforeAll(async () => {
    existingId = (await ctx.api.post('/api/v1/items').send(buildItemInput())).body.id as number;
  });

  const writes = [
    ['POST', (body: object) => ctx.api.post('/api/v1/items').send(body)],
    ['PUT', (body: object) => ctx.api.put(`/api/v1/items/${existingId}`).send(body)],
    ['PATCH', (body: object) => ctx.api.patch(`/api/v1/items/${existingId}`).send(body)],
  ] as const;
  const texts = [
    ['name', 'with U+0000 inside', 'a\u0000b'],
    ['name', '101 U+0000 (twice its length once escaped)', '\u0000'.repeat(101)],
    ['description', '1001 U+0000', '\u0000'.repeat(1001)],
    ['name', 'with a lone high surrogate', 'lone \ud800 surrogate'],
    ['description', 'with a lone low surrogate', 'lone \udc00 surrogate'],
    ['name', 'only spaces', '   '],
    ['name', 'only tab, no-break space and newline', '\t\u00a0\n'],
  ] as const;

  describe.each(writes)('%s', (_method, send) => {
    test.each(texts)('When %s is %s, then 400 names it and nothing changes', async (field, _label, value) => {
      const before = (await ctx.api.get(`/api/v1/items/${existingId}`)).body;

      const res = await send({ ...buildItemInput(), [field]: value });

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(namesField('body', field));
      expect((await ctx.api.get(`/api/v1/items/${existingId}`)).body).toEqual(before);
    });
  });

  test('When text holds astral characters, accents and inner spaces, then it comes back exactly as sent', async () => {
    const input = buildItemInput({ name: ' Tasse 😀 é\u0301 ', description: 'line one\nline two\t𝄞' });

    const res = await ctx.api.post('/api/v1/items').send(input);

    expect(res.status).toBe(201);
    expect((await ctx.api.get(`/api/v1/items/${res.body.id}`)).body).toMatchObject({ name: input.name, description: input.description });
  });

  test.each(['0x10', '1e1', '+1', '00001', '%201', '1.0', '1%20', '0b1', '1_0', '%EF%BC%91'])(
    'When the id is written %s, then GET and DELETE answer 400 naming id',
    async (id) => {
      const read = await ctx.api.get(`/api/v1/items/${id}`);
      const removal = await ctx.api.delete(`/api/v1/items/${id}`);

      expect([read.status, removal.status]).toEqual([400, 400]);
      expect(removal.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    },
  );

  test('When an existing id is written in hex, then DELETE refuses it and the item stays', async () => {
    const res = await ctx.api.delete(`/api/v1/items/0x${existingId.toString(16)}`);

    expect(res.status).toBe(400);
    expect((await ctx.api.get(`/api/v1/items/${existingId}`)).status).toBe(200);
  });

  test.each(['limit=0x10', 'limit=1e1', 'limit=%2B5', 'limit=05', 'limit=%205', 'limit=5.0', 'offset=0x1', 'offset=', 'limit='])(
    'When the query is %s, then 400 names the parameter',
    async (query) => {
      const res = await ctx.api.get(`/api/v1/items?${query}`);

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(namesField('query', query.split('=')[0] ?? ''));
    },
  );

  test('When the body is JSON null, then 400 says a JSON object is expected (not that it is not JSON)', async () => {
    const res = await ctx.api.post('/api/v1/items').set('Content-Type', 'application/json').send('null');

    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('The request body must be a JSON object (got null).');
    expect(res.body.errors).toEqual([{ in: 'body', field: 'body', message: 'must be a JSON object' }]);
  });

  test('When the body is an array, then 400 says so once', async () => {
    const res = await ctx.api.patch(`/api/v1/items/${existingId}`).set('Content-Type', 'application/json').send('[]');

    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('The request body must be a JSON object (got array).');
    expect(res.body.errors).toHaveLength(1);
  });
});
