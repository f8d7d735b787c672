// Compiled and run by service/test/items/items.generated-client.test.ts next to ./items-api.d.ts, which
// that test generates with openapi-typescript from the served /openapi.json. Not part of the
// project's own tsconfig: the types it imports exist only while the test runs.
import createClient from 'openapi-fetch';
import type { components, paths } from './items-api';

type Item = components['schemas']['Item'];

interface Step {
  status: number;
  data?: unknown;
  error?: unknown;
}

function step(result: { response: Response; data?: unknown; error?: unknown }): Step {
  return { status: result.response.status, data: result.data, error: result.error };
}

/** Lines a client author writes; they must type-check against the generated types. */
export async function runScenario(baseUrl: string): Promise<Record<string, Step>> {
  const client = createClient<paths>({ baseUrl });
  // Only the required fields: quantity and description are optional for a client.
  const created = await client.POST('/api/v1/items', { body: { name: 'made by a generated client', priceCents: 250 } });
  if (!created.data) throw new Error(`create failed with ${created.response.status}`);
  const item: Item = created.data;
  const path = { path: { id: item.id } };
  const read = await client.GET('/api/v1/items/{id}', { params: path });
  const firstPage = await client.GET('/api/v1/items', { params: { query: { limit: 1 } } });
  const cursor: string | null | undefined = firstPage.data?.page.next;
  const nextPage = await client.GET('/api/v1/items', { params: { query: { limit: 1, ...(cursor ? { cursor } : {}) } } });
  const replaced = await client.PUT('/api/v1/items/{id}', { params: path, body: { name: 'replaced', priceCents: 300, description: null } });
  const patched = await client.PATCH('/api/v1/items/{id}', { params: path, body: { quantity: 7 } });
  const removed = await client.DELETE('/api/v1/items/{id}', { params: path });
  const missing = await client.GET('/api/v1/items/{id}', { params: path });
  const invalid = await client.POST('/api/v1/items', { body: { name: 'negative', priceCents: -1 } });
  const field: string | undefined = invalid.error?.errors?.[0]?.field;
  return {
    created: step(created),
    read: step(read),
    firstPage: step(firstPage),
    nextPage: step(nextPage),
    replaced: step(replaced),
    patched: step(patched),
    removed: step(removed),
    missing: step(missing),
    invalid: { ...step(invalid), data: field },
  };
}

// Never called: lines that must NOT compile, so the types are shown to be more than `any`.
export function mistakesTheTypesCatch(client: ReturnType<typeof createClient<paths>>): void {
  // @ts-expect-error -- a name is a string
  void client.POST('/api/v1/items', { body: { name: 42, priceCents: 1 } });
  // @ts-expect-error -- priceCents is required
  void client.POST('/api/v1/items', { body: { name: 'a' } });
  // @ts-expect-error -- the id is a number
  void client.GET('/api/v1/items/{id}', { params: { path: { id: 'seven' } } });
}
