import type { Sequelize } from 'sequelize';
import { createPreparedQuery } from '../db/prepared-query';
import { type Item, type ItemInput, type ItemModel, initItemModel } from './item.model';
import { SELECT_ITEM_BY_ID, SELECT_ITEMS_PAGE } from './items.sql';
import { bindValues, changedAttributes, createWriteStatements, type ItemRow, rowToItem } from './items.write-statements';

export interface PageRequest {
  limit: number;
  /** Keyset position: only items with a greater id. */
  afterId?: number;
  /** Rows to skip; callers keep it small (the API caps it), since Postgres walks skipped rows. */
  offset?: number;
}

export interface ItemPage {
  items: Item[];
  /** Whether at least one more item follows the last one returned. */
  hasMore: boolean;
}

export interface ItemsRepository {
  list(page: PageRequest): Promise<ItemPage>;
  findById(id: number): Promise<Item | undefined>;
  create(input: ItemInput): Promise<Item>;
  update(id: number, changes: Partial<ItemInput>): Promise<Item | undefined>;
  remove(id: number): Promise<boolean>;
}

function toItem(model: ItemModel): Item {
  const { id, name, description, priceCents, quantity, createdAt, updatedAt } = model.get({ plain: true });
  return { id, name, description, priceCents, quantity, createdAt, updatedAt };
}

/**
 * Plain objects out, so nothing above this file depends on Sequelize instances. Reads are
 * prepared statements whose rows already have the API's shape; writes send the statements
 * Sequelize generates for the model, prepared, while the model has no hooks or validators
 * (items.write-statements.ts), and go through Item.create / Item.update when it has
 * (docs/performance.md says what each bought).
 */
export function createItemsRepository(sequelize: Sequelize): ItemsRepository {
  const Item = initItemModel(sequelize);
  const query = createPreparedQuery(sequelize);
  const writes = createWriteStatements(sequelize, Item);
  const quantityDefault = Item.getAttributes().quantity.defaultValue as number;
  return {
    // One index range scan on the primary key whatever the table size; no count(*), which
    // would read every row. One extra row tells whether a next page exists.
    async list({ limit, afterId = 0, offset = 0 }) {
      const rows = await query<Item>(SELECT_ITEMS_PAGE, [afterId, limit + 1, offset]);
      return { items: rows.slice(0, limit), hasMore: rows.length > limit };
    },
    async findById(id) {
      const [found] = await query<Item>(SELECT_ITEM_BY_ID, [id]);
      return found;
    },
    async create(input) {
      if (!writes.usable()) return toItem(await Item.create(input));
      // Sequelize's own timestamps: one Date for both, taken in the process as Model.create does.
      const now = new Date();
      const values = {
        ...input,
        description: input.description ?? null,
        quantity: input.quantity ?? quantityDefault,
        createdAt: now,
        updatedAt: now,
      };
      const [row] = await query<ItemRow>(writes.insert, bindValues(writes.insert, values));
      return rowToItem(row as ItemRow);
    },
    async update(id, changes) {
      if (!writes.usable()) {
        const [count, rows] = await Item.update(changes, { where: { id }, returning: true });
        return count > 0 && rows[0] ? toItem(rows[0]) : undefined;
      }
      const statement = writes.update(changedAttributes(changes));
      const [row] = await query<ItemRow>(statement, bindValues(statement, { ...changes, updatedAt: new Date(), id }));
      return row ? rowToItem(row) : undefined;
    },
    async remove(id) {
      return (await Item.destroy({ where: { id } })) > 0;
    },
  };
}
