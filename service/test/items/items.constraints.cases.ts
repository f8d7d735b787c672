import { buildItemInput } from './item-factory';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The items table's own checks, below the API: what a bad manual write or a bug still cannot store.
describe('The items table', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.release());

  test('When the database check constraint is the last line of defence, then bad data still cannot get in', async () => {
    const item = buildItemInput();

    const insert = db.sequelize.query(
      'INSERT INTO items (name, price_cents, quantity, created_at, updated_at) VALUES ($1, -1, 0, now(), now())',
      {
        bind: [item.name],
      },
    );

    await expect(insert).rejects.toThrow(/items_price_cents_non_negative/);
  });
});
