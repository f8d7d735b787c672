import type { ResourceNames } from './names';

/** A first test file for the resource: every route, through the contract-checking client. */
export function testFile(n: ResourceNames): string {
  const base = `/api/v1/${n.plural}`;
  return `import { useTestApp } from '../support/test-app';

// Every response is checked against the OpenAPI document by ctx.api; these check behaviour.
describe('${base}', () => {
  const ctx = useTestApp();

  test('When a ${n.singularWords} is created, then 201 gives it an id and a Location that reads it back', async () => {
    const created = await ctx.api.post('${base}').send({ name: 'first' });

    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(\`${base}/\${created.body.id}\`);
    expect(created.body).toMatchObject({ name: 'first' });
    const fetched = await ctx.api.get(created.headers.location as string);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  test('When the list has more than a page, then the cursor walks every ${n.singularWords} once, in id order', async () => {
    const ids: number[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await ctx.api.post('${base}').send({ name })).body.id as number);

    const seen: number[] = [];
    let url: string | undefined = '${base}?limit=2';
    while (url) {
      const page = await ctx.api.get(url);
      expect(page.status).toBe(200);
      seen.push(...(page.body.data as Array<{ id: number }>).map((entry) => entry.id));
      url = page.body.page.next ? \`${base}?limit=2&cursor=\${page.body.page.next as string}\` : undefined;
    }

    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('When a ${n.singularWords} is patched, then the change is kept and updatedAt moves on', async () => {
    const created = await ctx.api.post('${base}').send({ name: 'before' });

    const patched = await ctx.api.patch(\`${base}/\${created.body.id}\`).send({ name: 'after' });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.body.id, name: 'after', createdAt: created.body.createdAt });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
  });

  test('When a ${n.singularWords} is deleted, then it is gone and a second delete is 404', async () => {
    const created = await ctx.api.post('${base}').send({ name: 'short-lived' });

    expect((await ctx.api.delete(\`${base}/\${created.body.id}\`)).status).toBe(204);
    expect((await ctx.api.get(\`${base}/\${created.body.id}\`)).status).toBe(404);
    expect((await ctx.api.delete(\`${base}/\${created.body.id}\`)).status).toBe(404);
  });

  test('When the body breaks the schema, then 400 names the field and nothing is stored', async () => {
    const res = await ctx.api.post('${base}').send({ name: '   ', colour: 'red' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', field: 'name' })]),
    );
    const count = await ctx.db.sequelize.query('SELECT count(*)::int AS n FROM "${n.table}" WHERE name = $1', {
      bind: ['   '],
      plain: true,
    });
    expect(count).toEqual({ n: 0 });
  });
});
`;
}
