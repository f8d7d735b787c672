import { randomUUID } from 'node:crypto';
import type { ItemInput } from '../../src/items/item.model';

/** A valid item with unique values, so tests never depend on what other tests created. */
export function buildItemInput(overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    name: `item-${randomUUID().slice(0, 8)}`,
    description: 'made by a test factory',
    priceCents: Math.floor(Math.random() * 100_000),
    quantity: Math.floor(Math.random() * 50),
    ...overrides,
  };
}

/** Creates an item through a running server's API, as a client would, and returns its id. */
export async function createItemOverHttp(baseUrl: string, overrides: Partial<ItemInput> = {}): Promise<{ id: number }> {
  const res = await fetch(`${baseUrl}/api/v1/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(buildItemInput(overrides)),
  });
  if (res.status !== 201) throw new Error(`creating an item answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: number };
}
