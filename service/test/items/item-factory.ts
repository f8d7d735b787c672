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
