import { query } from '../migrator/support/migrate-runs';
import { useTestApp } from '../support/test-app';

async function nameNormalizedOf(url: string, id: number): Promise<string | null | undefined> {
  const [row] = await query<{ name_normalized: string | null }>(url, 'SELECT name_normalized FROM items WHERE id = $1', [id]);
  return row?.name_normalized;
}

// items.name_normalized comes from the expand/contract reference migrations: kept by the database, never in the API.
describe('items.name_normalized', () => {
  const ctx = useTestApp();

  test('When an item is created, then the database fills name_normalized and the API does not show it', async () => {
    const res = await ctx.api.post('/api/v1/items').send({ name: '  Mixed Case Lamp ', priceCents: 100 });

    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('nameNormalized');
    expect(await nameNormalizedOf(ctx.db.url, res.body.id as number)).toBe('mixed case lamp');
  });

  test('When the name changes, then name_normalized follows it', async () => {
    const created = await ctx.api.post('/api/v1/items').send({ name: 'Old Name', priceCents: 1 });

    const res = await ctx.api.patch(`/api/v1/items/${created.body.id}`).send({ name: 'NEW Name' });

    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('nameNormalized');
    expect(await nameNormalizedOf(ctx.db.url, created.body.id as number)).toBe('new name');
  });
});
