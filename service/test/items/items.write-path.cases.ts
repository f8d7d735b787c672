import type { Sequelize } from 'sequelize';
import { ItemModel } from '../../src/items/item.model';
import { createItemsRepository } from '../../src/items/items.repository';
import { buildItemInput } from './item-factory';
import { useTestApp } from '../support/test-app';

// Sequelize's logging option is read per query by both paths, so it shows what each one sends.
async function sqlSentBy(sequelize: Sequelize, action: () => Promise<unknown>): Promise<string[]> {
  const { options } = sequelize as unknown as { options: { logging: unknown } };
  const sent: string[] = [];
  options.logging = (line: string) => sent.push(line.replace(/^Executing \([^)]*\): /, '').replace(/; \[.*\]$/s, ''));
  try {
    await action();
  } finally {
    options.logging = false;
  }
  return sent;
}

describe('Item writes: prepared statements built by Sequelize, the model when it has hooks', () => {
  const ctx = useTestApp();

  test('When the model has no hooks, then create and replace send the very SQL Model.create and Model.update send', async () => {
    const repository = createItemsRepository(ctx.db.sequelize);
    const input = buildItemInput();
    const { id } = await repository.create(input);

    const fast = await sqlSentBy(ctx.db.sequelize, async () => {
      await repository.create(buildItemInput());
      await repository.update(id, buildItemInput());
    });
    const model = await sqlSentBy(ctx.db.sequelize, async () => {
      await ItemModel.create(buildItemInput());
      await ItemModel.update(buildItemInput(), { where: { id }, returning: true });
    });

    expect(fast).toHaveLength(2);
    expect(fast).toEqual(model);
  });

  test('When a beforeCreate hook is added, then create goes through the model and the hook runs', async () => {
    const repository = createItemsRepository(ctx.db.sequelize);
    const hook = (item: ItemModel) => void (item.quantity = 4242);
    ItemModel.addHook('beforeCreate', 'test-quantity', hook);
    try {
      const created = await repository.create(buildItemInput({ quantity: 1 }));

      expect(created.quantity).toBe(4242);
    } finally {
      ItemModel.removeHook('beforeCreate', 'test-quantity');
    }
    expect((await repository.create(buildItemInput({ quantity: 1 }))).quantity).toBe(1);
  });

  test('When a beforeBulkUpdate hook is added, then PATCH goes through Model.update and the hook runs', async () => {
    const repository = createItemsRepository(ctx.db.sequelize);
    const { id } = await repository.create(buildItemInput());
    const seen: unknown[] = [];
    ItemModel.addHook('beforeBulkUpdate', 'test-seen', (options) => void seen.push((options as { attributes?: unknown }).attributes));
    try {
      const res = await ctx.api.patch(`/api/v1/items/${id}`).send({ quantity: 5 });

      expect(res.status).toBe(200);
      expect(res.body.quantity).toBe(5);
      expect(seen).toEqual([expect.objectContaining({ quantity: 5 })]);
    } finally {
      ItemModel.removeHook('beforeBulkUpdate', 'test-seen');
    }
  });

  test('When a prepared write breaks a unique constraint, then the answer is 409 naming the field, as on the model path', async () => {
    await ctx.db.sequelize.query('CREATE UNIQUE INDEX items_price_cents_unique_test ON items (price_cents) WHERE price_cents = 987654321');
    const input = buildItemInput({ priceCents: 987654321 });
    expect((await ctx.api.post('/api/v1/items').send(input)).status).toBe(201);

    const res = await ctx.api.post('/api/v1/items').send(buildItemInput({ priceCents: 987654321 }));

    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'priceCents' })]);
  });
});
